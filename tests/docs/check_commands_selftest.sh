#!/usr/bin/env bash
# The docs checker must fail on stale output, a missing annotation and a
# wrong exit status, and pass on a page that is right: otherwise
# docs_commands could pass for the wrong reason.
# Usage: check_commands_selftest.sh IAMEVAL_BINARY SOURCE_DIR
set -uo pipefail
cli=$1
src=$2
checker="$src/tests/docs/check_commands.py"
status=0
for page in stale unannotated wrong-status; do
  if python3 "$checker" "$cli" "$src" "tests/docs/testdata/$page.md" >/dev/null; then
    echo "FAIL: the checker accepted tests/docs/testdata/$page.md"
    status=1
  else
    echo "ok: the checker rejects $page.md"
  fi
done
if ! python3 "$checker" "$cli" "$src" tests/docs/testdata/good.md \
    tests/docs/testdata/ignored.md; then
  echo "FAIL: the checker rejected good.md or ignored.md"
  status=1
fi
exit $status
