#!/usr/bin/env bash
# Builds everything (library, CLI, tests, benchmarks) in build/ and runs the
# whole test suite with CTest. Run tools/setup.sh once first.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DIAMEVAL_BUILD_BENCHMARKS=ON -DIAMEVAL_WERROR=ON >/dev/null
cmake --build build
ctest --test-dir build --output-on-failure --no-tests=error -j2
