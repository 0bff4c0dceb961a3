#!/usr/bin/env bash
# Rewrites the golden tiles (tests/golden/tiles/) from this checkout's renderer, after a
# deliberate change to what tiles look like (one that bumps kRenderVersion). For every tile that
# changed, BUILD/tests/golden/golden-out/<layer>-<z>-<x>-<y>.diff.png shows
# old | new | differences (red): review them before committing the new goldens.
# Usage: scripts/update_goldens.sh [BUILD]   (BUILD: a configured build folder, default build)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
cmake --build "$build" --target golden_tests
rm -rf "$build/tests/golden/golden-out"
TRACKHEAT_UPDATE_GOLDENS=1 "$build/tests/golden/golden_tests" | grep '^golden ' || echo "no golden changed"
git -C "$root" status --short -- tests/golden/tiles
