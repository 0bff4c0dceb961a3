#!/usr/bin/env bash
# ctest entry of the FIT SDK fixtures: write_fixtures.mjs writes FIT files with Garmin's FIT
# JavaScript SDK (tests/fitsdk/node_modules, exact version in package-lock.json), then
# fitsdk_tests reads them through trackheat's parser.
# Usage: run_tests.sh FITSDK_TESTS_BINARY WORK_DIR
# Without node or node_modules: fails when CI=true, else skips (exit 77, ctest SKIP).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/../support/exit_if_missing.sh"
missing=""
command -v node >/dev/null 2>&1 || missing="node"
[[ -d "$here/node_modules/@garmin/fitsdk" ]] || missing="${missing:+$missing and }tests/fitsdk/node_modules (npm ci)"
exit_if_missing "FIT SDK fixtures" "$missing"
rm -rf "$2"
node "$here/write_fixtures.mjs" "$2"
FITSDK_FIXTURES="$2" exec "$1"
