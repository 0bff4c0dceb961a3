#!/usr/bin/env bash
# The main job behind `make run`: use the user's Strava export when there is one, else their
# intervals.icu account when its key is set, else write the demo export once and use that.
# (With both, build syncs intervals.icu and imports the export.)
set -euo pipefail
bin=$1 strava=$2 demo=$3 cache=$4

# intervals.icu credentials in the environment or .env: `build` syncs them itself.
has_intervals_key() {
  [[ -n "${INTERVALS_ICU_API_KEY:-}" ]] || { [[ -f .env ]] &&
    grep -Eq '^[[:space:]]*(export[[:space:]]+)?INTERVALS_ICU_API_KEY[[:space:]]*=[[:space:]]*[^[:space:]#]' .env; }
}

source_args=()
if [[ -e "$strava" ]]; then
  echo "run: using your Strava export at $strava"
  source_args=(--strava "$strava")
elif has_intervals_key; then
  echo "run: no $strava/ found; using your intervals.icu account (INTERVALS_ICU_API_KEY is set)"
else
  if [[ ! -f "$demo/activities.csv" ]]; then
    echo "run: no $strava/ found; writing demo data to $demo/ (put your export in $strava/ to use it)"
    "$bin" demo --out "$demo"
  fi
  echo "run: using demo data from $demo/"
  source_args=(--strava "$demo")
fi

"$bin" build "${source_args[@]}" --cache "$cache" --out site
echo "run: serving site/ (also works opened as a file: site/index.html); Ctrl-C stops"
exec "$bin" serve --site site --cache "$cache" --port "${PORT:-8000}"
