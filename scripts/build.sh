#!/usr/bin/env bash
# Configures (once) and builds sysopt-tidy incrementally with Ninja.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${SYSOPT_BUILD_DIR:-$root/build}"
if [ ! -f "$build/build.ninja" ]; then
  # clang++-22, the compiler Debian built LLVM 22 with: g++ mangles some of
  # clang-tidy's templates (OptionsView::get<bool>) differently.
  cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_C_COMPILER=clang-22 -DCMAKE_CXX_COMPILER=clang++-22
fi
cmake --build "$build" -j "$(nproc)"
