# Sourced by the ctest entry scripts of tests that need tools from outside the C++ build (node,
# npm packages, chromium). exit_if_missing WHAT MISSING: when MISSING (what is absent, in words)
# is not empty, fails when CI=true, else skips (exit 77, ctest SKIP).
exit_if_missing() {
  local what=$1 missing=$2
  [[ -z "$missing" ]] && return 0
  if [[ "${CI:-}" == "true" ]]; then
    echo "$what: FAILED: $missing is missing (scripts/setup.sh --test installs it)" >&2
    exit 1
  fi
  echo "$what: SKIPPED: $missing is missing; run scripts/setup.sh --test"
  exit 77
}
