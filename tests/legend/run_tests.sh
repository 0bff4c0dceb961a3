#!/usr/bin/env bash
# ctest entry of the legend check: legend_cases (C++) writes the renderer's value → t cases,
# node's test runner checks viewer/src/js/legend.js against them. Needs node, no npm package and
# no browser. Without node: fails when CI=true, else skips (exit 77, ctest SKIP).
# Usage: run_tests.sh LEGEND_CASES_BINARY WORK_DIR
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/../support/exit_if_missing.sh"
command -v node >/dev/null 2>&1 || exit_if_missing "legend check" "node"
mkdir -p "$2"
export LEGEND_CASES="$2/legend_cases.json"
"$1" "$LEGEND_CASES"
exec node --test --test-reporter=spec "$here/legend_scale.test.js"
