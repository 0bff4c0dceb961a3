#!/usr/bin/env bash
# make test (and CI): every C++ file of the repository is formatted as .clang-format says.
# Prints one line per file that is not, and how to fix it; exit 1 then. `make format` fixes.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v clang-format >/dev/null || {
  echo "check_format: clang-format is missing (scripts/setup.sh --test installs it)" >&2
  exit 1
}
bad=()
while IFS= read -r f; do
  clang-format --dry-run -Werror "$f" >/dev/null 2>&1 || bad+=("$f")
done < <(git ls-files '*.cpp' '*.hpp')
if ((${#bad[@]})); then
  printf 'check_format: %s is not formatted as .clang-format says\n' "${bad[@]}" >&2
  echo "check_format: ${#bad[@]} file(s); run: make format" >&2
  exit 1
fi
echo "check_format: $(git ls-files '*.cpp' '*.hpp' | wc -l) files formatted"
