#!/usr/bin/env bash
# Runs every `build/iameval ...` command of the README's "Use" block from the
# source directory, with the built CLI in place of build/iameval, and checks
# that each exits with status 0 (the examples pass, allow, lint clean).
# Usage: check_readme.sh IAMEVAL_BINARY SOURCE_DIR
set -euo pipefail
cli=$1
src=$2
cd "$src"
# The fenced block after "## Use", with continuation lines joined.
commands=$(awk '/^## Use/{in_use=1} in_use && /^```sh/{block=1; next}
                block && /^```/{exit} block{print}' README.md |
           sed -e ':a' -e '/\\$/N; s/\\\n//; ta')
[[ -n "$commands" ]] || { echo "no commands found in README.md"; exit 1; }
status=0
while IFS= read -r line; do
  [[ "$line" == build/iameval* ]] || continue
  args=${line#build/iameval}
  if ! eval "\"$cli\" $args" >/dev/null 2>/tmp/check_readme.$$.err; then
    echo "README command failed: $line"
    cat /tmp/check_readme.$$.err
    status=1
  else
    echo "ok: $line"
  fi
done <<< "$commands"
rm -f /tmp/check_readme.$$.err
exit $status
