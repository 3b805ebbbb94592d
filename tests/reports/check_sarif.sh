#!/usr/bin/env bash
# Validates `iameval lint --format sarif` against the OASIS SARIF 2.1.0
# schema (tests/reports/sarif-schema-2.1.0.NOTICE) with Ajv from npm, for
# clean, warning, invalid and non-ASCII policies and an unreadable file.
# Usage: check_sarif.sh <iameval binary> <source dir> <validators dir>
# The validators dir holds node_modules with ajv, ajv-draft-04 and
# ajv-formats (tools/install_validators.sh). Exit 77 (ctest: skipped) when
# node or those modules are missing, unless IAMEVAL_REQUIRE_VALIDATORS=1
# (set by .ci/run), which makes that a failure.
set -uo pipefail
bin=$1
src=$2
modules=$3/node_modules
if ! command -v node >/dev/null || [[ ! -d "$modules/ajv-draft-04" ]] ||
    [[ ! -d "$modules/ajv-formats" ]]; then
  if [[ "${IAMEVAL_REQUIRE_VALIDATORS:-}" == 1 ]]; then
    echo "node or the Ajv modules in $modules missing" \
         "(tools/install_validators.sh installs them)"
    exit 1
  fi
  echo "node or the Ajv modules in $modules missing: skipped" \
       "(tools/install_validators.sh installs them)"
  exit 77
fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
cd "$src"
status=0
logs=()
# name, expected exit status, files
check() {
  local name=$1 want=$2
  shift 2
  "$bin" lint --format sarif "$@" >"$out/$name.sarif" 2>"$out/$name.err"
  local got=$?
  if [[ $got -ne $want ]]; then
    echo "$name: expected exit status $want, got $got"
    cat "$out/$name.err"
    status=1
  fi
  logs+=("$out/$name.sarif")
}
check clean 0 fixtures/policies/valid/edge-trust-cross-account.trust.json
check warnings 1 fixtures/policies/valid/*.json
check invalid 2 fixtures/policies/invalid/*.json
check non-ascii 2 tests/reports/fixtures/non-ascii.identity.json
check unreadable 2 fixtures/policies/valid/alation-read-secrets.identity.json \
  tests/reports/fixtures/no-such-file.json
NODE_PATH=$modules node tests/reports/validate_sarif.js \
  tests/reports/sarif-schema-2.1.0.json "${logs[@]}" || status=1
if ! grep -qF '"executionSuccessful": false' "$out/unreadable.sarif"; then
  echo "unreadable: the invocation is not marked unsuccessful"
  status=1
fi
exit $status
