#!/usr/bin/env bash
# Installs what a fresh Debian machine lacks, and nothing that is already there: the Debian
# packages (Emscripten, Boost.Math and nlohmann/json headers, GoogleTest sources, Chromium for the
# browser tests, clang and its libFuzzer runtime for tests/fuzz) and the npm dev dependencies.
# Safe to run any number of times; `npm start` and `npm test` run it first.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v em++ >/dev/null 2>&1 || need_apt+=(emscripten)
[ -f /usr/include/boost/math/tools/roots.hpp ] || need_apt+=(libboost-math-dev)
[ -f /usr/include/nlohmann/json.hpp ] || need_apt+=(nlohmann-json3-dev)
[ -d /usr/src/googletest ] || need_apt+=(googletest)
command -v cmake >/dev/null 2>&1 || need_apt+=(cmake)
command -v g++ >/dev/null 2>&1 || need_apt+=(g++)
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
# tests/fuzz: clang++ and libFuzzer (libclang_rt.fuzzer, which clang's packages only recommend).
command -v clang++ >/dev/null 2>&1 || need_apt+=(clang)
compgen -G "/usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.fuzzer-$(uname -m).a" >/dev/null || need_apt+=(libclang-rt-dev)

if [ ${#need_apt[@]} -gt 0 ]; then
  echo "setup: installing Debian packages: ${need_apt[*]}"
  as_root=()
  [ "$(id -u)" -eq 0 ] || as_root=(sudo)
  "${as_root[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi

# npm dev dependencies (the published package has none at run time).
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: installing npm dev dependencies"
  # `npm install` rather than `npm ci`: npm 11 rejects this lock file in `ci` for optional
  # platform packages it chose not to record (@next/swc-*); install still honours the lock.
  npm install --no-audit --no-fund --loglevel=error
fi
