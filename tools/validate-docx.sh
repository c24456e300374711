#!/usr/bin/env bash
# Run the Open XML SDK validator on each .docx given; print every error and fail if any.
set -euo pipefail
cd "$(dirname "$0")/.."
validator=tools/ooxml/node_modules/.bin/ooxml-validate
status=0
for file in "$@"; do
  result=$("$validator" "$file" --of json)
  if [ "$result" = "[]" ]; then
    echo "valid: $file"
  else
    echo "INVALID: $file" >&2
    echo "$result" >&2
    status=1
  fi
done
exit $status
