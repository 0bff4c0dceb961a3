#!/usr/bin/env bash
# Runs every libFuzzer target of fuzz/ for SECONDS each, one after the other, and prints how many
# inputs each ran. Exit 1 when any target crashed, leaked, timed out or ran out of memory (the
# input that did it is saved as BUILD/fuzz-artifacts/<target>-crash-…).
# Usage: scripts/fuzz.sh BUILD SECONDS [REAL_TESTDATA [TARGET...]]
#   BUILD          a build configured with -DTRACKHEAT_FUZZ=ON, its `fuzzers` target built
#   REAL_TESTDATA  folder of real device files, used as extra seeds when it exists
#   TARGET         the targets to run (default: all)
# Seeds: the project's fixtures (fuzz_seeds), the regression inputs under tests/*/regressions/,
# and the real files by extension. Each target's corpus grows in BUILD/fuzz-corpus/<target>.
set -euo pipefail

build=$1
seconds=$2
real=${3:-}
root=$(cd "$(dirname "$0")/.." && pwd)
targets=(fit gpx tcx csv gzip zip track_codec tile_codes)
if (($# > 3)); then targets=("${@:4}"); fi

seeds=$build/fuzz-seeds
rm -rf "$seeds"
"$build/fuzz/fuzz_seeds" "$seeds"

# Real files go to the target that reads their format (by name: the corpus is named that way).
declare -A extensions=([fit]=fit [gpx]=gpx [tcx]=tcx [csv]=csv [gzip]=gz)
if [[ -n "$real" && -d "$real" ]]; then
  for target in "${!extensions[@]}"; do
    mkdir -p "$seeds/real-$target"
    find "$real" -maxdepth 1 -type f -name "*.${extensions[$target]}" \
      -exec ln -sf {} "$seeds/real-$target/" \;
  done
else
  echo "fuzz: ${real:-no real test data given}: not found; seeding from the project's own fixtures only"
fi

mkdir -p "$build/fuzz-artifacts" "$build/fuzz-logs"
failed=()
for target in "${targets[@]}"; do
  corpus=$build/fuzz-corpus/$target
  mkdir -p "$corpus"
  dirs=("$corpus" "$seeds/$target")
  [[ -d "$seeds/real-$target" ]] && dirs+=("$seeds/real-$target")
  while IFS= read -r dir; do dirs+=("$dir"); done < <(
    find "$root/tests" -path "*/regressions/$target" -type d 2>/dev/null)
  log=$build/fuzz-logs/$target.log
  # One process (-jobs would fork more), 64 KiB inputs at most (larger seeds are cut: their
  # beginnings and truncations are what matters), 10 s per input, 2 GiB of memory.
  status=0
  nice "$build/fuzz/${target}_fuzzer" -max_total_time="$seconds" -max_len=65536 -timeout=10 \
    -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$build/fuzz-artifacts/$target-" "${dirs[@]}" >"$log" 2>&1 || status=$?
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
  if ((status != 0)); then
    failed+=("$target")
    echo "fuzz: $target FAILED after ${runs:-?} runs (exit $status); log: $log"
    grep -E "ERROR|SUMMARY|runtime error|Test unit written" "$log" | head -n 8 | sed 's/^/  /'
  else
    echo "fuzz: $target ${runs:-?} runs in ${seconds}s, corpus $(find "$corpus" -type f | wc -l) inputs"
  fi
done
if ((${#failed[@]} > 0)); then
  echo "fuzz: failed: ${failed[*]}"
  exit 1
fi
