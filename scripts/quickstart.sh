#!/usr/bin/env bash
# The README's first command: install what is missing, build, and scan the
# bundled examples with every sysopt check.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
"$root/scripts/install-deps.sh"
"$root/scripts/build.sh"
build="${SYSOPT_BUILD_DIR:-$root/build}"
echo
echo "== sysopt-tidy on examples/ (before the fixes) =="
"$root/tools/sysopt-scan/sysopt-scan" --driver "$build/bin/sysopt-tidy" \
  "$root/examples" --exclude '/after/' --summary
echo
echo "Built: $build/lib/SysoptTidyPlugin.so (clang-tidy-22 --load), $build/bin/sysopt-tidy,"
echo "       $build/bin/sysopt-clangd (point your editor's clangd at it: docs/editors.md)"
