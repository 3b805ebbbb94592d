#!/usr/bin/env bash
# Installs what the ctest label `reports` validates the reports with:
# xmllint (Debian libxml2-utils) for JUnit, and Ajv from npm for SARIF, into
# DIR/node_modules (default build/validators). Versions pinned; run as root
# on Debian 12 when xmllint or npm are missing.
# Usage: tools/install_validators.sh [DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:-build/validators}
packages=(libxml2-utils)
command -v npm >/dev/null || packages+=(nodejs npm)
bash tools/install_packages.sh "${packages[@]}"
mkdir -p "$dir"
npm install --prefix "$dir" --no-audit --no-fund --no-save --silent \
  ajv@8.20.0 ajv-draft-04@1.0.0 ajv-formats@3.0.1
echo "validators in $dir: $(xmllint --version 2>&1 | head -n 1);" \
     "ajv $(node -p "require('$PWD/$dir/node_modules/ajv/package.json').version")"
