#!/usr/bin/env bash
# make bench: prints the figures the issues ask for. Runs each benchmark several times and
# reports medians; says which machine it ran on.
set -euo pipefail
build=${1:-build}
bin="$build/trackheat"
work=${BENCH_DIR:-$build/bench-data}
activities=${BENCH_ACTIVITIES:-5000}
runs=${BENCH_RUNS:-3}

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo)," \
     "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')"
echo

for b in "$build"/bench/*_bench; do
  [[ -x "$b" ]] || continue
  echo "== $(basename "$b") (median of $runs repetitions)"
  "$b" --benchmark_repetitions="$runs" --benchmark_report_aggregates_only=true \
       --benchmark_counters_tabular=true 2>/dev/null | grep -E "median|^Benchmark|^-" || true
  echo
done

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
timed() {  # prints wall seconds and peak RSS (MiB) of a command
  /usr/bin/time -f "%e %M" "$@" 2>&1 >/dev/null | tail -1
}

echo "== import of a $activities-activity demo export (median of $runs runs)"
if [[ ! -f "$work/export/activities.csv" ]] || \
   [[ $(($(wc -l < "$work/export/activities.csv") - 1)) -ne $activities ]]; then
  rm -rf "$work"
  mkdir -p "$work"
  start=$(date +%s.%N)
  "$bin" demo --out "$work/export" --activities "$activities" --seed 1 >/dev/null
  echo "demo generation: $(echo "$(date +%s.%N) - $start" | bc) s"
fi
echo "export: $(du -sh "$work/export" | cut -f1), $(find "$work/export/activities" -type f | wc -l) files"
cold=() warm=() cold_rss=()
for ((i = 0; i < runs; i++)); do
  rm -rf "$work/cache"
  read -r t rss < <(timed "$bin" import --strava "$work/export" --cache "$work/cache" --quiet)
  cold+=("$t"); cold_rss+=("$rss")
  read -r t _ < <(timed "$bin" import --strava "$work/export" --cache "$work/cache" --quiet)
  warm+=("$t")
done
c=$(printf '%s\n' "${cold[@]}" | median)
w=$(printf '%s\n' "${warm[@]}" | median)
r=$(printf '%s\n' "${cold_rss[@]}" | median)
echo "cold import: $c s (runs: ${cold[*]}), peak RSS $((r / 1024)) MiB"
echo "warm import: $w s (runs: ${warm[*]})"
echo "warm speed-up: $(echo "scale=1; $c / $w" | bc)x (target >= 20x)"
echo "samples in store: $(sqlite3 "$work/cache/trackheat.db" 'select sum(sample_count) from activities' 2>/dev/null || echo '?')"

echo
echo "== build of the same export: all layers, z0-17 (median of $runs runs, cold cache each)"
full=() full_rss=()
for ((i = 0; i < runs; i++)); do
  rm -rf "$work/build-cache" "$work/site"
  read -r t rss < <(timed "$bin" build --strava "$work/export" --cache "$work/build-cache" \
                      --out "$work/site" --quiet)
  full+=("$t"); full_rss+=("$rss")
done
echo "full build: $(printf '%s\n' "${full[@]}" | median) s (runs: ${full[*]}), peak RSS" \
     "$(( $(printf '%s\n' "${full_rss[@]}" | median | cut -d. -f1) / 1024 )) MiB (targets: 60 s, 2 GB)"
read -r t _ < <(timed "$bin" build --strava "$work/export" --cache "$work/build-cache" \
                  --out "$work/site" --quiet)
echo "no-change rebuild: $t s (target 2 s)"
mkdir -p "$work/extra"
# Seed 4243 is an outdoor run (the seed used before, 4242, is a virtual ride: never drawn).
"$bin" demo --out "$work/extra-demo" --activities 1 --seed 4243 >/dev/null
cp "$work"/extra-demo/activities/* "$work/extra/"
read -r t _ < <(timed "$bin" build --strava "$work/export" --cache "$work/build-cache" \
                  --out "$work/site" --quiet "$work/extra")
echo "one added activity: $t s (target 6 s)"
echo "site: $(find "$work/site/tiles" -name '*.png' | wc -l) tiles, $(du -sh "$work/site/tiles" | cut -f1)"
