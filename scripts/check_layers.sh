#!/usr/bin/env bash
# The include rule of docs/ARCHITECTURE.md, checked: a stage under src/<stage>/ includes only
# its own headers and those of earlier stages, and its CMake target links only earlier stages
# and every stage it includes. One line per violation; exit 1 when there is any.
#   bash scripts/check_layers.sh [repo root]
set -euo pipefail

root="${1:-$(cd "$(dirname "$0")/.." && pwd)}"
cd "$root"

# Earliest first: the order data flows (ARCHITECTURE.md). demo (the synthetic export and the
# FIT/GPX/TCX writers) needs only core and parse and is used by tests and cli.
stages=(core sources parse demo store sync ingest dedup render encode site viewer_assets
        pipeline live poster admin serve cli)
# Store-internal headers: only src/store/ may include them (SQLite stays behind the store).
store_internal=(store/sqlite_stmt.hpp store/store_statements.hpp store/schema.hpp)

declare -A rank
for i in "${!stages[@]}"; do rank[${stages[$i]}]=$i; done

violations=0
fail() {
  echo "$1"
  violations=$((violations + 1))
}

for dir in src/*/; do
  stage=$(basename "$dir")
  [[ -n "${rank[$stage]+x}" ]] || fail "src/$stage: not a known stage (add it to scripts/check_layers.sh)"
done

# Direct links of each stage: every th_<stage> its CMakeLists.txt names (comments stripped);
# cli's target links with target_link_libraries, the others with trackheat_library's
# PUBLIC_DEPS/PRIVATE_DEPS.
declare -A links reach
for stage in "${stages[@]}"; do
  cmake_file="src/$stage/CMakeLists.txt"
  [[ -f "$cmake_file" ]] || { fail "$cmake_file: missing (listed in scripts/check_layers.sh)"; continue; }
  links[$stage]=" $(sed 's/#.*//' "$cmake_file" | { grep -oE '\bth_[a-z_]+' || true; } |
                    sed 's/^th_//' | { grep -vx "$stage" || true; } | sort -u | tr '\n' ' ')"
  for dep in ${links[$stage]}; do
    if [[ -z "${rank[$dep]+x}" ]]; then
      fail "$cmake_file links th_$dep: not a known stage"
    elif ((rank[$dep] > rank[$stage])); then
      fail "$cmake_file links th_$dep: $stage must not link $dep (a later stage)"
    fi
  done
done
# What each stage links directly or through the stages it links (earliest stages first, so
# every dependency's set is complete when it is read; later links were reported above).
for stage in "${stages[@]}"; do
  reach[$stage]="${links[$stage]:- }"
  for dep in ${links[$stage]:-}; do
    if [[ -n "${rank[$dep]+x}" ]] && ((rank[$dep] < rank[$stage])); then
      reach[$stage]+="${reach[$dep]# }"
    fi
  done
done

for stage in "${stages[@]}"; do
  dir="src/$stage"
  cmake_file="$dir/CMakeLists.txt"
  # file:line:header for every #include "x/..." of the stage.
  while IFS= read -r hit; do
    file=${hit%%:*}
    header=${hit#*:}
    header=${header#*\"}
    header=${header%%\"*}
    dep=${header%%/*}
    [[ "$dep" == "$stage" ]] && continue
    [[ -n "${rank[$dep]+x}" ]] || continue  # a third-party header that has a folder
    for internal in "${store_internal[@]}"; do
      if [[ "$header" == "$internal" ]]; then
        fail "$file includes $header: store-internal (only src/store/ uses SQLite)"
      fi
    done
    if ((rank[$dep] > rank[$stage])); then
      fail "$file includes $header: $stage must not include $dep (a later stage)"
    elif [[ "${reach[$stage]}" != *" $dep "* ]]; then
      fail "$file includes $header: $cmake_file does not link th_$dep (directly or through a stage it links)"
    fi
  done < <(grep -rE --include='*.cpp' --include='*.hpp' -o '^#include "[a-z_]+/[^"]+"' "$dir" || true)
done

# SQLite itself (sqlite3.h, sqlite3_* calls, the sqlite3* of Store::handle()) stays in the store.
while IFS= read -r hit; do
  fail "${hit%%:*}: uses SQLite; only src/store/ does (add a function to the store's table files)"
done < <(grep -rlE --include='*.cpp' --include='*.hpp' '\bsqlite3' src | grep -v '^src/store/' || true)
while IFS= read -r hit; do
  fail "${hit}: links SQLite; only src/store/ does"
done < <(grep -lE '\bSQLite::' src/*/CMakeLists.txt | grep -v '^src/store/' || true)

if ((violations > 0)); then
  echo "check_layers: $violations violation(s); the rule is in docs/ARCHITECTURE.md" >&2
  exit 1
fi
echo "check_layers: ${#stages[@]} stages, includes and links in order"
