#!/usr/bin/env bash
# Everything `npm test` runs, in order: the GoogleTest suite natively, again under
# AddressSanitizer + UndefinedBehaviorSanitizer, again compiled to wasm and run under node; then
# the npm package is built and its node tests (which include a real browser) run.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
jobs=$(nproc)

step() { printf '\n=== %s ===\n' "$*"; }

step "GoogleTest, native"
cmake -S . -B build/native -DCMAKE_BUILD_TYPE=Release -DMARGINKIT_TESTS=ON >/dev/null
cmake --build build/native -j "$jobs"
ctest --test-dir build/native --output-on-failure --no-tests=error

step "GoogleTest, native, AddressSanitizer + UndefinedBehaviorSanitizer"
cmake -S . -B build/asan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DMARGINKIT_SANITIZE=ON -DMARGINKIT_BENCH=OFF \
  -DMARGINKIT_TESTS=ON >/dev/null
cmake --build build/asan -j "$jobs"
ctest --test-dir build/asan --output-on-failure --no-tests=error

step "GoogleTest, wasm under node"
# Configured every time (a cached MARGINKIT_TESTS=OFF would otherwise build and run no test).
emcmake cmake -S . -B build/wasm -DCMAKE_BUILD_TYPE=Release -DMARGINKIT_TESTS=ON \
  "-DCMAKE_CROSSCOMPILING_EMULATOR=/usr/bin/node;--no-experimental-fetch" >/dev/null
cmake --build build/wasm -j "$jobs"
ctest --test-dir build/wasm --output-on-failure --no-tests=error

step "npm package: build"
node scripts/build.mjs

step "npm package: node tests"
node --test --test-concurrency=1 tests/js/
