#!/usr/bin/env bash
# make test (and CI): the viewer's and the admin page's scripts pass ESLint as
# viewer/eslint.config.mjs says. ESLint is a devDependency of viewer/ (exact lockfile), installed
# by scripts/setup.sh --test; it is never embedded in the binary (only Leaflet is).
set -euo pipefail
cd "$(dirname "$0")/../viewer"
command -v node >/dev/null && [[ -x node_modules/.bin/eslint ]] || {
  echo "check_lint: ESLint is missing (scripts/setup.sh --test installs it into viewer/node_modules)" >&2
  exit 1
}
if ! node_modules/.bin/eslint --max-warnings 0 src/js admin; then
  echo "check_lint: ESLint found problems (see above); \`cd viewer && npx eslint --fix src/js admin\` fixes some" >&2
  exit 1
fi
echo "check_lint: $(ls src/js/*.js admin/*.js | wc -l) scripts clean"
