#!/usr/bin/env bash
# Installs the built library into a scratch prefix, then builds and runs a
# consumer against it twice: through find_package(iameval CONFIG) and
# through pkg-config. Usage: run.sh <build-dir> <source-dir>
set -euo pipefail
build=$1
src=$2
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
cmake --install "$build" --prefix "$scratch/prefix" >/dev/null
cmake -S "$src/tests/install" -B "$scratch/consumer" -G Ninja \
  -DCMAKE_PREFIX_PATH="$scratch/prefix" >/dev/null
cmake --build "$scratch/consumer" >/dev/null
"$scratch/consumer/consumer"
export PKG_CONFIG_PATH="$scratch/prefix/lib/pkgconfig:$scratch/prefix/lib/x86_64-linux-gnu/pkgconfig"
# shellcheck disable=SC2046
c++ -o "$scratch/consumer-pc" "$src/tests/install/main.cc" \
  $(pkg-config --cflags --libs --static iameval)
"$scratch/consumer-pc"
echo "install consumer: find_package and pkg-config builds both ran"
