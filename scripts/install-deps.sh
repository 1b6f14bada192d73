#!/usr/bin/env bash
# Installs what sysopt-tidy needs from Debian 12's packages. Idempotent: only
# missing packages are installed, and the package lists are refreshed only
# when a package has no install candidate.
set -euo pipefail

PACKAGES=(
  # LLVM/Clang 22 (bookworm-security): compiler, clang-tidy, headers, static
  # clang-tidy libraries, lit and FileCheck.
  clang-22 clang-tidy-22 clang-tools-22 libclang-22-dev llvm-22-dev llvm-22-tools
  # Build and unit tests.
  cmake ninja-build ccache g++ libgtest-dev libgmock-dev python3 python3-yaml
  # Integration tests on real headers (the CUDA toolkit is in /usr/local/cuda
  # when the machine has one) and the plugin's version-guard test.
  libtorch-dev clang-tidy-14
  # sysopt-clangd: Debian's clangd libraries are built with the remote index
  # (gRPC, protobuf); stock clangd-22 is the latency baseline.
  libgrpc++-dev libprotobuf-dev protobuf-compiler-grpc clangd-22
  # Real editors for the LSP tests: headless Neovim's built-in client, and
  # batch Emacs with eglot.
  neovim emacs-nox elpa-eglot
  # Benchmarks of the examples before and after the fix-its.
  libbenchmark-dev
  # sysopt-scan --html (Jinja2) and its test in headless Chromium.
  python3-jinja2 chromium chromium-driver python3-selenium
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
root="$(cd "$(dirname "$0")/.." && pwd)"
# GitHub code scanning's SARIF rules (GH*), used by the scanner's SARIF test,
# are in Microsoft's validator, published on npm only. It goes to
# build-tools/npm (ignored by git); without the registry the test is skipped.
# npm comes from Debian only when the machine has none: a machine with
# NodeSource's nodejs (which bundles npm) cannot take Debian's npm package.
# Nothing here is fatal: without npm the test is skipped.
install_sarif_multitool() {
  local dir="$root/build-tools/npm"
  if [ -x "$dir/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool" ]; then
    return 0
  fi
  if ! command -v npm >/dev/null 2>&1; then
    echo "install-deps: installing nodejs npm (for the SARIF validator)"
    if ! { [ -n "$(apt-cache policy npm 2>/dev/null | grep 'Candidate: [0-9]')" ] \
           || $SUDO apt-get update -qq; } \
       || ! DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq \
              --no-install-recommends nodejs npm; then
      echo "install-deps: warning: could not install npm;" \
           "the SARIF validation test will be skipped"
      return 0
    fi
  fi
  mkdir -p "$dir"
  if ! timeout 600 npm install --silent --no-audit --no-fund --prefix "$dir" \
      @microsoft/sarif-multitool@5 >/dev/null 2>&1; then
    echo "install-deps: warning: could not install @microsoft/sarif-multitool from npm;" \
         "the SARIF validation test will be skipped"
  fi
}

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#PACKAGES[@]} packages are installed"
  install_sarif_multitool
  exit 0
fi
if ! apt-cache policy "${missing[0]}" 2>/dev/null | grep -q "Candidate: [0-9]"; then
  $SUDO apt-get update -qq
fi
echo "install-deps: installing ${missing[*]}"
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
install_sarif_multitool
