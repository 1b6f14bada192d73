#!/bin/bash
# Times a cold sysopt-scan next to run-clang-tidy-22, then warm, touched and
# one-file-changed rescans with --cache-dir (docs/performance.md).
# Usage: scripts/measure-cache.sh BUILD_DIR SOURCE_TO_EDIT [JOBS]
# Run it from the project's root; SOURCE_TO_EDIT gets one comment line
# appended and is restored with `git checkout` afterwards.
set -u
if [ $# -lt 2 ]; then
  echo "usage: $0 BUILD_DIR SOURCE_TO_EDIT [JOBS]" >&2
  exit 2
fi
DB=$1 EDIT=$2 J=${3:-2}
HERE=$(cd "$(dirname "$0")/.." && pwd)
PLUGIN=$HERE/build/lib/SysoptTidyPlugin.so
SCAN=$HERE/tools/sysopt-scan/sysopt-scan
CACHE=$(mktemp -d)
trap 'rm -rf "$CACHE"' EXIT
timed() {
  local s e rc
  s=$(date +%s.%N)
  "$@" >/tmp/measure-cache.out 2>/tmp/measure-cache.err
  rc=$?
  e=$(date +%s.%N)
  printf '%8.2f s  rc=%d  %s\n' "$(echo "$e - $s" | bc)" "$rc" \
    "$(grep 'from the cache' /tmp/measure-cache.err)"
}
scan() {
  timed "$SCAN" -p "$DB" -j"$J" --clang-tidy clang-tidy-22 --plugin "$PLUGIN" \
    --no-cross-unit --progress off "$@"
}
echo "run-clang-tidy-22:  $(timed run-clang-tidy-22 -quiet -j"$J" -p "$DB" \
  -clang-tidy-binary clang-tidy-22 -load "$PLUGIN" -checks='-*,sysopt-*')"
echo "scan, no cache:     $(scan)"
echo "scan, cold cache:   $(scan --cache-dir "$CACHE")"
echo "scan, warm:         $(scan --cache-dir "$CACHE")"
touch "$EDIT"
echo "scan, touched:      $(scan --cache-dir "$CACHE")"
echo '// measure-cache' >>"$EDIT"
echo "scan, one changed:  $(scan --cache-dir "$CACHE")"
git checkout -q -- "$EDIT"
du -sh "$CACHE" | cut -f1 | sed 's/^/cache size: /'
