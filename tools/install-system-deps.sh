#!/usr/bin/env bash
# System packages the rendering and validator tests need; idempotent, for Debian as root.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(libreoffice-writer-nogui fonts-farsiweb fonts-freefarsi poppler-utils pandoc)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" \
    || missing+=("$package")
done
if ((${#missing[@]})); then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# The Open XML SDK validator (Microsoft's own schema checks), from the npm registry.
if [ -f tools/ooxml/package.json ]; then
  (cd tools/ooxml && npm ci --no-audit --no-fund --silent)
fi
