#!/usr/bin/env bash
# Installs the built library and tool into a scratch prefix, runs the
# installed tool, then builds and runs a consumer against the library twice:
# through find_package(iameval CONFIG) and through pkg-config.
# Usage: run.sh <build-dir> <source-dir>
set -euo pipefail
build=$1
src=$2
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
cmake --install "$build" --prefix "$scratch/prefix" >/dev/null
# The command-line tool is installed too, and runs from its new home.
"$scratch/prefix/bin/iameval" --version
"$scratch/prefix/bin/iameval" lint --kind trust \
  "$src/fixtures/policies/valid/edge-trust-cross-account.trust.json"
cmake -S "$src/tests/install" -B "$scratch/consumer" -G Ninja \
  -DCMAKE_PREFIX_PATH="$scratch/prefix" >/dev/null
cmake --build "$scratch/consumer" >/dev/null
"$scratch/consumer/consumer" "$src/fixtures/import/aws/full/export"
export PKG_CONFIG_PATH="$scratch/prefix/lib/pkgconfig:$scratch/prefix/lib/x86_64-linux-gnu/pkgconfig"
# shellcheck disable=SC2046
c++ -o "$scratch/consumer-pc" "$src/tests/install/main.cc" \
  $(pkg-config --cflags --libs --static iameval)
"$scratch/consumer-pc" "$src/fixtures/import/aws/full/export"
echo "install consumer: find_package and pkg-config builds both ran"
