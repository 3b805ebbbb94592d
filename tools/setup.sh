#!/usr/bin/env bash
# Installs what is missing (Debian 12, as root), builds iameval into build/,
# and runs it on the bundled edge-secrets scenarios.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/install_packages.sh g++ cmake ninja-build pkg-config python3 \
  rapidjson-dev libre2-dev libabsl-dev libgtest-dev libgmock-dev \
  libbenchmark-dev
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DIAMEVAL_BUILD_BENCHMARKS=ON -DIAMEVAL_WERROR=ON >/dev/null
cmake --build build
build/iameval test fixtures/scenarios/*/*.test.json
