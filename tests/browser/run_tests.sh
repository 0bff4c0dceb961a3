#!/usr/bin/env bash
# ctest entry of the browser tests: node's test runner over tests/browser/*.test.js, driving
# Debian's chromium through playwright-core (never a downloaded browser).
# Usage: run_tests.sh TRACKHEAT_BINARY WORK_DIR
# Without chromium or node_modules: fails when CI=true, else skips (exit 77, ctest SKIP).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/../support/exit_if_missing.sh"
export TRACKHEAT_BINARY=$1 BROWSER_TEST_DIR=$2
missing=""
[[ -x /usr/bin/chromium ]] || missing="Debian's chromium (/usr/bin/chromium)"
[[ -d "$here/node_modules/playwright-core" ]] || missing="${missing:+$missing and }tests/browser/node_modules (npm ci)"
exit_if_missing "browser tests" "$missing"
mkdir -p "$BROWSER_TEST_DIR"
cd "$here"
exec node --test --test-concurrency=1 --test-reporter=spec ./*.test.js
