#!/usr/bin/env bash
# The main job behind `make run`: use the user's Strava export when there is one, else write
# the demo export once and use that.
set -euo pipefail
bin=$1 strava=$2 demo=$3 cache=$4

source_args=()
if [[ -e "$strava" ]]; then
  echo "run: using your Strava export at $strava"
  source_args=(--strava "$strava")
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
