#!/usr/bin/env bash
# Keeps the guide honest: runs the docs/index.md example exactly as a user
# would and compares the output and exit status with what the guide shows.
# Usage: check_example.sh <iameval binary> <source dir>
set -euo pipefail
bin=$1
dir=$2/docs/examples/edge
cd "$dir"
set +e
actual=$(NO_COLOR=1 "$bin" test edge.test.json)
status=$?
set -e
if [ "$status" -ne 1 ]; then
  echo "expected exit status 1 (one test fails on purpose), got $status"
  exit 1
fi
diff -u edge.expected.txt <(printf '%s\n' "$actual")
echo "docs example output matches docs/examples/edge/edge.expected.txt"
