#!/usr/bin/env bash
# make test (and CI): no block of code repeated in the C++ sources or the page's scripts.
# jscpd (tests/duplicates, exact lockfile, installed by scripts/setup.sh --test) reports any
# clone of 80 tokens or more (about six lines); one fails the check. Tests are not scanned:
# their fixtures repeat on purpose so that each test reads on its own.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
jscpd="$root/tests/duplicates/node_modules/.bin/jscpd"
command -v node >/dev/null && [[ -x "$jscpd" ]] || {
  echo "check_duplicates: jscpd is missing (scripts/setup.sh --test installs it into tests/duplicates/node_modules)" >&2
  exit 1
}
cd "$root"
report=$(mktemp)
trap 'rm -f "$report"' EXIT
if ! "$jscpd" --min-tokens 80 --threshold 0 --reporters console --no-colors \
     --ignore "**/node_modules/**" src viewer/src/js viewer/admin >"$report" 2>&1; then
  grep -A3 "Clone found" "$report" >&2 || cat "$report" >&2
  echo "check_duplicates: repeated code (above): make it one helper" >&2
  exit 1
fi
echo "check_duplicates: $(find src viewer/src/js viewer/admin -name '*.[ch]pp' -o -name '*.js' | wc -l) files, no repeated block"
