#!/usr/bin/env bash
# Installs what trackheat needs to build and test, and nothing that is already there.
# Usage: scripts/setup.sh [--test]   (--test adds the tools only the test suite uses)
# Debian packages only; apt runs through sudo when we are not root.
set -euo pipefail

build_packages=(
  cmake ninja-build g++ pkgconf
  libpugixml-dev zlib1g-dev libzip-dev libsqlite3-dev libcurl4-openssl-dev
  libcpp-httplib-dev libspng-dev libcli11-dev nlohmann-json3-dev libxxhash-dev
  libfreetype-dev fonts-dejavu-core
)
# clang-14 + libclang-rt-14-dev: the libFuzzer targets (fuzz/) with their ASan/UBSan runtimes;
# clang-format: make check-format; clang-tidy: make check-tidy and make tidy (part of make test).
test_packages=(libgtest-dev libgmock-dev libbenchmark-dev gpsbabel time bc sqlite3 chromium
               clang-14 libclang-rt-14-dev clang-format clang-tidy)

wanted=("${build_packages[@]}")
if [[ "${1:-}" == "--test" ]]; then wanted+=("${test_packages[@]}"); fi

missing=()
for pkg in "${wanted[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$pkg")
  fi
done

# Node.js may come from another vendor's package that bundles npm; only ask Debian when absent.
if ! command -v node >/dev/null 2>&1; then missing+=(nodejs); fi
if ! command -v npm >/dev/null 2>&1; then missing+=(npm); fi

if ((${#missing[@]} > 0)); then
  sudo_cmd=()
  if [[ $(id -u) -ne 0 ]]; then sudo_cmd=(sudo); fi
  echo "setup: installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get update -qq
  "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  echo "setup: done"
fi

# npm packages (exact versions from each package-lock.json): the viewer's Leaflet, and with
# --test the viewer's devDependency ESLint (make check-lint), the browser tests' playwright-core
# (it drives Debian's chromium; it downloads no browser) and Garmin's FIT JavaScript SDK, which
# writes the FIT fixtures of tests/fitsdk, and jscpd, the copy/paste detector of
# make check-duplicates.
# Installed only when node_modules is missing or older than the lockfile (or, with --test,
# lacks ESLint), so the build itself needs no network.
npm_dirs=(viewer)
viewer_args=(--omit=dev)
viewer_needs=""
if [[ "${1:-}" == "--test" ]]; then
  npm_dirs+=(tests/browser tests/fitsdk tests/duplicates)
  viewer_args=()
  viewer_needs=node_modules/eslint/package.json
fi
root=$(cd "$(dirname "$0")/.." && pwd)
for dir in "${npm_dirs[@]}"; do
  stamp="$root/$dir/node_modules/.package-lock.json"
  args=(--no-audit --no-fund --loglevel=error)
  needs=""
  if [[ "$dir" == viewer ]]; then
    args+=("${viewer_args[@]}")
    needs=$viewer_needs
  fi
  if [[ ! -f "$stamp" || "$root/$dir/package-lock.json" -nt "$stamp" ||
        (-n "$needs" && ! -f "$root/$dir/$needs") ]]; then
    echo "setup: npm ci in $dir/"
    (cd "$root/$dir" && npm ci "${args[@]}")
  fi
done
