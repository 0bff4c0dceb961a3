#!/usr/bin/env bash
# clang-tidy as .clang-tidy says, on the compilation database of a configured build.
#   scripts/check_tidy.sh [BUILD]        the C++ files changed since the merge base with main
#                                        (committed or not); on a clean clone where that is
#                                        empty, the files the last commit changed (make test)
#   scripts/check_tidy.sh --all [BUILD]  every C++ file the build compiles (make tidy; slow)
# Prints clang-tidy's findings and exits 1 when there is any; BUILD defaults to build/.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
all=false
if [[ "${1:-}" == "--all" ]]; then
  all=true
  shift
fi
build=${1:-build}
jobs=${JOBS:-$(nproc)}

command -v clang-tidy >/dev/null || {
  echo "check_tidy: clang-tidy is missing (scripts/setup.sh --test installs it)" >&2
  exit 1
}
[[ -f "$build/compile_commands.json" ]] || {
  echo "check_tidy: $build/compile_commands.json is missing: configure the build first (make configure)" >&2
  exit 1
}

# The sources the build compiles (its own generated files left out), relative to the root.
compiled() {
  python3 -c 'import json, sys
for e in json.load(open(sys.argv[1])):
    print(e["file"])' "$build/compile_commands.json" |
    sed -En "s#^$root/((src|tests|bench|fuzz)/.*\.cpp)\$#\1#p" | sort -u
}

if $all; then
  mapfile -t files < <(compiled)
else
  base=""
  for ref in main origin/main; do
    base=$(git merge-base HEAD "$ref" 2>/dev/null) && break
  done
  changed=()
  if [[ -n "$base" ]]; then
    mapfile -t changed < <(git diff --name-only --diff-filter=d "$base" -- '*.cpp' '*.hpp'
      git ls-files --others --exclude-standard -- '*.cpp' '*.hpp')
  fi
  if ((${#changed[@]} == 0)); then
    mapfile -t changed < <(git diff-tree --no-commit-id --name-only --diff-filter=d -r --root HEAD \
      -- '*.cpp' '*.hpp')
  fi
  # Sources the build compiles are checked with their own command; a changed header through
  # its own file (clang-tidy borrows a neighbour's command) and through the findings of the
  # sources that include it.
  mapfile -t known < <(compiled)
  files=()
  for f in "${changed[@]}"; do
    [[ -f "$f" ]] || continue
    if [[ "$f" == *.hpp ]] || printf '%s\n' "${known[@]}" | grep -qxF "$f"; then files+=("$f"); fi
  done
fi

if ((${#files[@]} == 0)); then
  echo "check_tidy: no C++ file to check"
  exit 0
fi
echo "check_tidy: clang-tidy on ${#files[@]} file(s), $jobs at a time"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
run() {
  # Debian's run-clang-tidy spreads the files over the cores itself; xargs does without it.
  if $all && command -v run-clang-tidy >/dev/null; then
    run-clang-tidy -p "$build" -j "$jobs" -quiet "^$root/(src|tests|bench|fuzz)/.*\.cpp$"
  else
    printf '%s\n' "${files[@]}" | xargs -P "$jobs" -n 4 clang-tidy -p "$build" --quiet
  fi
}
if ! run >"$log" 2>&1; then
  grep -v -e '^[0-9]* warnings\? generated\.$' -e '^Suppressed [0-9]* warnings' \
    -e '^Use -header-filter' "$log" >&2 || true
  echo "check_tidy: clang-tidy found problems (see above); fix them or, with a reason, narrow .clang-tidy" >&2
  exit 1
fi
echo "check_tidy: ${#files[@]} file(s) clean"
