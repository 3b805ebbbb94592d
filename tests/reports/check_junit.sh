#!/usr/bin/env bash
# Validates `iameval test --format junit` against the Jenkins xUnit schema
# junit-10.xsd (tests/reports/junit-10.LICENSE) with xmllint, for a passing
# file, a failing one and files that cannot be run, alone and together.
# Usage: check_junit.sh <iameval binary> <source dir>
# Exit 77 (ctest: skipped) when xmllint is missing, unless
# IAMEVAL_REQUIRE_VALIDATORS=1 (set by .ci/run), which makes that a failure.
set -uo pipefail
bin=$1
src=$2
if ! command -v xmllint >/dev/null; then
  if [[ "${IAMEVAL_REQUIRE_VALIDATORS:-}" == 1 ]]; then
    echo "xmllint missing (tools/install_validators.sh installs it)"
    exit 1
  fi
  echo "xmllint missing: skipped (tools/install_validators.sh installs it)"
  exit 77
fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
pass=fixtures/scenarios/ecs/ecs.test.json
fail=docs/examples/edge/edge.test.json
bad=tests/reports/fixtures/bad-json.test.json
missing=tests/reports/fixtures/no-such-file.test.json
cd "$src"
status=0
# name, expected exit status, files
check() {
  local name=$1 want=$2
  shift 2
  NO_COLOR=1 "$bin" test --format junit "$@" >"$out/$name.xml" 2>"$out/$name.err"
  local got=$?
  if [[ $got -ne $want ]]; then
    echo "$name: expected exit status $want, got $got"
    cat "$out/$name.err"
    status=1
  fi
  if ! xmllint --noout --schema tests/reports/junit-10.xsd "$out/$name.xml"; then
    echo "$name: the report is not valid against junit-10.xsd:"
    cat "$out/$name.xml"
    status=1
  fi
}
check passing 0 "$pass"
check failing 1 "$fail"
check bad-json 2 "$bad"
check missing 2 "$missing"
check all 2 "$pass" "$bad" "$fail" "$missing"
# The bad files are in the combined report, and so are the others' tests.
for want in '<error message=' 'name="fixtures/scenarios/ecs/ecs.test.json"' \
            'name="docs/examples/edge/edge.test.json"' '<failure message='; do
  if ! grep -qF "$want" "$out/all.xml"; then
    echo "all: the report lacks $want"
    status=1
  fi
done
exit $status
