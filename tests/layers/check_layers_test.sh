#!/usr/bin/env bash
# scripts/check_layers.sh: silent success on the repository; on a small tree with one of each
# violation, exactly one line per violation and exit 1.
#   bash tests/layers/check_layers_test.sh <repo root>
set -euo pipefail
root="$1"
script="$root/scripts/check_layers.sh"

out=$(bash "$script" "$root")
[[ "$out" == "check_layers: 18 stages, includes and links in order" ]] || {
  echo "FAIL: the repository does not pass: $out"
  exit 1
}

tree=$(mktemp -d)
trap 'rm -rf "$tree"' EXIT
stages=(core sources parse demo store sync ingest dedup render encode site viewer_assets
        pipeline live poster admin serve cli)
for s in "${stages[@]}"; do
  mkdir -p "$tree/src/$s"
  echo "trackheat_library(th_$s SOURCES a.cpp PUBLIC_DEPS th_core)" > "$tree/src/$s/CMakeLists.txt"
done
echo "trackheat_library(th_core SOURCES a.cpp)" > "$tree/src/core/CMakeLists.txt"
# A later stage included, and linked (both reported).
printf '#include "render/normalize.hpp"\n#include "encode/color_ramp.hpp"\n' > "$tree/src/render/normalize.cpp"
echo "trackheat_library(th_render SOURCES a.cpp PUBLIC_DEPS th_core PRIVATE_DEPS th_encode)" \
  > "$tree/src/render/CMakeLists.txt"
# An earlier stage included but not linked.
printf '#include "viewer_assets/embedded_assets.hpp"\n' > "$tree/src/admin/admin_page.hpp"
# SQLite outside the store, directly and through the store's statement helpers.
printf '#include "store/sqlite_stmt.hpp"\nsqlite3* db = nullptr;\n' > "$tree/src/dedup/dedup.cpp"
echo "trackheat_library(th_dedup SOURCES a.cpp PUBLIC_DEPS th_store th_core)" \
  > "$tree/src/dedup/CMakeLists.txt"
# A folder the script does not know.
mkdir -p "$tree/src/extra"

set +e
got=$(bash "$script" "$tree" 2>&1)
status=$?
set -e
expected="src/extra: not a known stage (add it to scripts/check_layers.sh)
src/render/CMakeLists.txt links th_encode: render must not link encode (a later stage)
src/dedup/dedup.cpp includes store/sqlite_stmt.hpp: store-internal (only src/store/ uses SQLite)
src/render/normalize.cpp includes encode/color_ramp.hpp: render must not include encode (a later stage)
src/admin/admin_page.hpp includes viewer_assets/embedded_assets.hpp: src/admin/CMakeLists.txt does not link th_viewer_assets (directly or through a stage it links)
src/dedup/dedup.cpp: uses SQLite; only src/store/ does (add a function to the store's table files)
check_layers: 6 violation(s); the rule is in docs/ARCHITECTURE.md"
if [[ $status -ne 1 || "$got" != "$expected" ]]; then
  echo "FAIL: exit $status, said:"
  echo "$got"
  echo "expected:"
  echo "$expected"
  exit 1
fi
echo "ok"
