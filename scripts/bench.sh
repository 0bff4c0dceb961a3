#!/usr/bin/env bash
# make bench: prints the figures the issues ask for. Runs each benchmark several times and
# reports medians; says which machine it ran on.
set -euo pipefail
build=${1:-build}
bin="$build/trackheat"
work=${BENCH_DIR:-$build/bench-data}
activities=${BENCH_ACTIVITIES:-5000}
runs=${BENCH_RUNS:-3}

source "$(dirname "$0")/bench_common.sh"

machine
echo

for b in "$build"/bench/*_bench; do
  [[ -x "$b" ]] || continue
  case "$(basename "$b")" in
    live_bench | poster_bench | incremental_bench | explorer_bench) continue ;;  # need a built site: run below
  esac
  echo "== $(basename "$b") (median of $runs repetitions)"
  "$b" --benchmark_repetitions="$runs" --benchmark_report_aggregates_only=true \
       --benchmark_counters_tabular=true 2>/dev/null | grep -E "median|^Benchmark|^-" || true
  echo
done

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
trash_on_exit "$work/trash"
full=() full_rss=()
for ((i = 0; i < runs; i++)); do
  discard "$work/build-cache" "$work/site"
  read -r t rss < <(timed "$bin" build --strava "$work/export" --cache "$work/build-cache" \
                      --out "$work/site" --quiet)
  full+=("$t"); full_rss+=("$rss")
done
echo "full build: $(printf '%s\n' "${full[@]}" | median) s (runs: ${full[*]}), peak RSS" \
     "$(( $(printf '%s\n' "${full_rss[@]}" | median | cut -d. -f1) / 1024 )) MiB (targets: 30 s, 1.5 GB)"
read -r t _ < <(timed "$bin" build --strava "$work/export" --cache "$work/build-cache" \
                  --out "$work/site" --quiet)
echo "no-change rebuild: $t s (target 2 s)"
mkdir -p "$work/extra"
# Seed 4243 is an outdoor run (the seed used before, 4242, is a virtual ride: never drawn).
"$bin" demo --out "$work/extra-demo" --activities 1 --seed 4243 >/dev/null
cp "$work"/extra-demo/activities/* "$work/extra/"
read -r t _ < <(timed "$bin" build --strava "$work/export" --cache "$work/build-cache" \
                  --out "$work/site" --quiet "$work/extra")
echo "one added activity: $t s (target 3 s)"
echo "-- an exclusion and its undo, each one build (target 6 s; the undo is one added activity)"
"$build/bench/incremental_bench" "$work/export" "$work/build-cache" "$work/site" "$work/extra" "$runs"
echo "site: $(find "$work/site/tiles" -name '*.png' | wc -l) tiles, $(du -sh "$work/site/tiles" | cut -f1)"
echo "-- explorer cells of that site"
"$build/bench/explorer_bench" "$work/build-cache" "$work/site"

echo
echo "== trackheat serve's live map on that site (median of $runs starts)"
# The HTTP status of GET $2 on 127.0.0.1:$1 (bash's own TCP: no client to install).
http_status() {
  exec 3<>"/dev/tcp/127.0.0.1/$1" || return 1
  printf 'GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n' "$2" >&3
  head -1 <&3 | cut -d' ' -f2
  exec 3>&-
}
starts=() rsss=()
for ((i = 0; i < runs; i++)); do
  log="$work/serve.log"
  start=$(date +%s.%N)
  "$bin" serve --site "$work/site" --cache "$work/build-cache" --port 0 >"$log" 2>&1 &
  pid=$!
  port=""
  while [[ -z "$port" ]]; do port=$(sed -n 's|^serve: http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$log"); sleep 0.05; done
  until [[ "$(http_status "$port" /live/manifest.json?sport=Run 2>/dev/null)" == 200 ]]; do sleep 0.05; done
  starts+=("$(echo "$(date +%s.%N) - $start" | bc)")
  rsss+=("$(awk '/VmHWM/ {print $2}' "/proc/$pid/status")")
  kill "$pid"; wait "$pid" 2>/dev/null || true
done
echo "serve start until a live manifest answers: $(printf '%s\n' "${starts[@]}" | median) s" \
     "(runs: ${starts[*]}; target 5 s), peak RSS then" \
     "$(( $(printf '%s\n' "${rsss[@]}" | median | cut -d. -f1) / 1024 )) MiB (target 1.5 GB)"
for ((i = 0; i < runs; i++)); do
  echo "-- live_bench run $((i + 1)) of $runs"
  "$build/bench/live_bench" "$work/build-cache" "$work/site" | grep -v "^busiest"
done

echo
echo "== trackheat poster on that site: 4000x3000 px of its whole extent"
bounds=$(sed -n 's/.*"bounds": *\[\([^]]*\)\].*/\1/p' "$work/site/manifest.json" | tr -d ' ')
IFS=, read -r w s e n <<<"$bounds"
posters=() poster_rss=()
for ((i = 0; i < runs; i++)); do
  read -r t rss < <(timed "$bin" poster --layer frequency-log --size 4000x3000 \
                      --bbox "$s,$w,$n,$e" --site "$work/site" --cache "$work/build-cache" \
                      --quiet --out "$work/poster.png")
  posters+=("$t"); poster_rss+=("$rss")
done
echo "trackheat poster: $(printf '%s\n' "${posters[@]}" | median) s (runs: ${posters[*]};" \
     "target 10 s), peak RSS $(( $(printf '%s\n' "${poster_rss[@]}" | median | cut -d. -f1) / 1024 )) MiB"
"$build/bench/poster_bench" "$work/build-cache" "$work/site" "$runs"
