#!/usr/bin/env bash
# System packages the rendering and validator tests need; idempotent. Installs with apt-get when
# run as root on Debian; elsewhere it says what is missing (those tests then skip, unless
# GDCPOS_REQUIRE_RENDER / GDCPOS_REQUIRE_VALIDATOR make them fail, as CI does).
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(libreoffice-writer-nogui fonts-farsiweb fonts-freefarsi poppler-utils pandoc)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" \
    || missing+=("$package")
done
if ((${#missing[@]})); then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
  else
    echo "install-system-deps: missing ${missing[*]} (needs root and apt-get);" \
      "rendering tests will be skipped" >&2
  fi
fi

# The Open XML SDK validator (the schema checks Microsoft's own tooling uses), from npm.
if command -v npm >/dev/null; then
  npm ci --prefix tools/ooxml --no-audit --no-fund --silent
else
  echo "install-system-deps: npm not found; validator tests will be skipped" >&2
fi
