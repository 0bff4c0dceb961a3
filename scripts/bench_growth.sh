#!/usr/bin/env bash
# make bench-growth: the growth table. Per size N (GROWTH_SIZES, default 1000 5000 20000, run in
# increasing order): `trackheat demo --activities N --seed 1` (kept between runs and reused while
# its stamp says the same N and seed), a cold and a warm `trackheat import` of it, a full
# `trackheat build` into a fresh cache and site (wall time and peak RSS from /usr/bin/time), the
# site's size (apparent bytes and disk usage) and its files; one table row per size, medians of
# the runs. After the largest size, tests/browser/pan_bench.js pans its site in chromium.
#
#   GROWTH_SIZES="1000 5000 20000"  sizes
#   GROWTH_RUNS=3                   runs per size below 20,000 (imports and build each)
#   GROWTH_LARGE_RUNS=1             runs per size from 20,000 (a build takes minutes and GBs)
#   GROWTH_DIR=<build>/bench-growth where exports, stores and sites go
#   GROWTH_EXPORT_<N>=<folder>      an existing N-activity export to use instead of generating
#                                   one (read only: never written or deleted)
#   GROWTH_KEEP=exports             what stays afterwards: exports (the default: the next run
#                                   reuses them), all (stores and sites too), none
#   GROWTH_PAN_ZOOMS=12,15          zooms pan_bench.js pans at; GROWTH_PAN=0 skips it
#
# Fails (non-zero, naming the command) when any command fails: no row is printed for it.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/bench_common.sh"
build=${1:-build}
bin=$(realpath "$build/trackheat")
work=${GROWTH_DIR:-$build/bench-growth}
sizes=$(tr -s ' \t' '\n' <<<"${GROWTH_SIZES:-1000 5000 20000}" | sed '/^$/d' | sort -n | uniq)
runs=${GROWTH_RUNS:-3}
large_runs=${GROWTH_LARGE_RUNS:-1}
keep=${GROWTH_KEEP:-exports}
pan=${GROWTH_PAN:-1}
pan_zooms=${GROWTH_PAN_ZOOMS:-12,15}
seed=1

fail() { echo "bench_growth: $*" >&2; exit 1; }
for n in $sizes; do [[ "$n" =~ ^[1-9][0-9]*$ ]] || fail "GROWTH_SIZES: $n is not a size"; done
[[ "$keep" =~ ^(exports|all|none)$ ]] || fail "GROWTH_KEEP must be exports, all or none, not $keep"
[[ -x "$bin" ]] || fail "$bin is missing (make build)"
if [[ "$pan" != 0 ]]; then
  [[ -x /usr/bin/chromium ]] || fail "the pan measurement needs Debian's chromium (or GROWTH_PAN=0)"
  [[ -d "$here/../tests/browser/node_modules/playwright-core" ]] ||
    fail "the pan measurement needs tests/browser/node_modules (scripts/setup.sh --test; or GROWTH_PAN=0)"
fi
mkdir -p "$work"
trash_on_exit "$work/trash"

# Disk a size needs, in KiB per activity, measured on the 20,000-activity demo: the export
# (~290), and per run the import store, build store and site (~30 + ~31 + ~70), all kept until
# the script ends (discard in bench_common.sh). Checked before each size so a full disk stops
# the run before it fills up.
need_kib() { echo $(($1 * (${2:-0} + 131 * $3) * 11 / 10)); }
check_disk() {
  local need=$1 avail
  avail=$(df --output=avail -k "$work" | tail -1)
  ((avail >= need)) || fail "$work: $((avail / 1024)) MiB free, about $((need / 1024)) MiB needed" \
                            "for $2 activities (GROWTH_EXPORT_$2=<folder> reuses an export)"
}
median_of() { printf '%s\n' "$@" | median; }
mib() { echo $(($(median_of "$@" | cut -d. -f1) / 1024)); }
ok() { if (($(echo "$1" | bc))); then echo yes; else echo NO; fi; }  # a bc comparison

echo "== growth: demo exports of $(paste -sd, <<<"$sizes" | sed 's/,/, /g') activities (seed $seed)"
machine
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg) (the machine may be shared)"
echo "runs per size: median of $runs below 20,000 activities, of $large_runs from 20,000"
echo "(GROWTH_RUNS, GROWTH_LARGE_RUNS). import: cold, into a fresh store; warm: the same import"
echo "again; build: all layers, z0-17, into a fresh store and site (so it imports too); site:"
echo "apparent size / disk usage; tiles: its PNG tiles; files: all its files"
echo
row() { printf '%-10s %-11s %-7s %-8s %-8s %-8s %-8s %-9s %-14s %-8s %s\n' "$@"; }
row activities samples "demo s" "import s" "warm s" speed-up "build s" "peak RSS" \
       site tiles files

largest=$(echo "$sizes" | tail -1)
for n in $sizes; do
  dir="$work/$n"
  mkdir -p "$dir"
  r=$runs
  ((n < 20000)) || r=$large_runs
  given="GROWTH_EXPORT_$n"
  demo_s="-"
  if [[ -n "${!given:-}" ]]; then
    export_dir=${!given}
    [[ -f "$export_dir/activities.csv" ]] || fail "$given: $export_dir/activities.csv is missing"
    count=$(($(wc -l <"$export_dir/activities.csv") - 1))
    ((count == n)) || fail "$given: $export_dir has $count activities, not $n"
    check_disk "$(need_kib "$n" 0 "$r")" "$n"
  else
    export_dir="$dir/export"
    stamp="activities=$n seed=$seed"
    if [[ "$(cat "$dir/export.stamp" 2>/dev/null)" != "$stamp" ]]; then
      rm -rf "$export_dir" "$dir/export.stamp"
      check_disk "$(need_kib "$n" 290 "$r")" "$n"
      echo "($n: writing the demo export)" >&2
      read -r demo_s _ < <(timed "$bin" demo --out "$export_dir" --activities "$n" --seed "$seed")
      echo "$stamp" >"$dir/export.stamp"
    else
      check_disk "$(need_kib "$n" 0 "$r")" "$n"
    fi
  fi
  cold=() warm=() full=() rss=()
  for ((i = 0; i < r; i++)); do
    echo "($n: import and build, run $((i + 1)) of $r)" >&2
    discard "$dir/import-cache"
    read -r t _ < <(timed "$bin" import --strava "$export_dir" --cache "$dir/import-cache" --quiet)
    cold+=("$t")
    read -r t _ < <(timed "$bin" import --strava "$export_dir" --cache "$dir/import-cache" --quiet)
    warm+=("$t")
    samples=$(sqlite3 "$dir/import-cache/trackheat.db" 'select sum(sample_count) from activities')
    discard "$dir/import-cache" "$dir/cache" "$dir/site"
    read -r t m < <(timed "$bin" build --strava "$export_dir" --cache "$dir/cache" --out "$dir/site" --quiet)
    full+=("$t")
    rss+=("$m")
  done
  c=$(median_of "${cold[@]}") w=$(median_of "${warm[@]}") b=$(median_of "${full[@]}")
  bytes=$(du -sb "$dir/site" | cut -f1)
  disk=$(du -s --block-size=1 "$dir/site" | cut -f1)
  row "$n" "$samples" "$demo_s" "$c" "$w" "$(echo "scale=1; $c / $w" | bc)x" "$b" \
      "$(mib "${rss[@]}") MiB" "$(numfmt --to=iec "$bytes") / $(numfmt --to=iec "$disk")" \
      "$(find "$dir/site/tiles" -type f -name '*.png' | wc -l)" "$(find "$dir/site" -type f | wc -l)"
  echo "  runs: import ${cold[*]} s, warm ${warm[*]} s, build ${full[*]} s; load average" \
       "after the build $(cut -d' ' -f1 /proc/loadavg)"
  if ((n == 20000)); then
    echo "  targets at 20,000: build <= 240 s: $(ok "$b <= 240");" \
         "peak RSS <= 4 GB (3815 MiB): $(ok "$(median_of "${rss[@]}") * 1024 <= 4000000000");" \
         "warm import >= 20x faster: $(ok "$c >= 20 * $w")"
  fi
  if [[ "$n" == "$largest" && "$pan" != 0 ]]; then
    echo "  pan of the $n-activity site in chromium (tests/browser/pan_bench.js, file://, no base map):"
    node "$here/../tests/browser/pan_bench.js" "$dir/site" --zooms "$pan_zooms" | sed 's/^/    /'
  fi
  [[ "$keep" == all ]] || discard "$dir/cache" "$dir/site"
  [[ "$keep" != none ]] || rm -rf "$dir/export" "$dir/export.stamp"
done
echo
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
rm -rf "$trash"  # the runs are measured: what they left goes now, not counted below
if [[ "$keep" != none ]]; then
  echo "kept in $work: $(du -sh "$work" | cut -f1) (GROWTH_KEEP=none removes the exports too)"
fi
