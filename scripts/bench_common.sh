# shellcheck shell=bash
# Helpers of scripts/bench.sh and scripts/bench_growth.sh (sourced; they run with set -euo pipefail).

# One line naming the machine: cores, RAM and CPU model from /proc.
machine() {
  echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo)," \
       "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')"
}

# The median of the numbers on stdin, one a line.
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

# Runs a command and prints its wall seconds (to the millisecond: /usr/bin/time's own are
# hundredths) and peak RSS (KiB). When it fails: prints the command, its exit status and the end
# of its error output to stderr, prints nothing on stdout and returns 1, so
# `read ... < <(timed ...)` and `x=$(timed ...)` stop a set -e script instead of reporting a
# failed run's time.
timed() {
  local tmp start end rc=0
  tmp=$(mktemp -d)
  start=$(date +%s.%N)
  /usr/bin/time -o "$tmp/time" -f "%M" "$@" >/dev/null 2>"$tmp/err" || rc=$?
  end=$(date +%s.%N)
  if ((rc != 0)); then
    echo "bench: exit status $rc from: $*" >&2
    tail -20 "$tmp/err" >&2
    rm -rf "$tmp"
    return 1
  fi
  echo "$(printf '%.3f' "$(echo "$end - $start" | bc)") $(tail -1 "$tmp/time")"
  rm -rf "$tmp"
}

# Earlier runs' folders are moved aside (discard) and deleted only when the script ends: ext4
# does not reuse inodes freed in the last minutes, and a build creating its files right after a
# site of 160,000 tiles was deleted took 14 s more system time (5,000 activities: 31 s wall
# instead of 24 s). trash_on_exit DIR makes DIR (on the same file system as what is discarded)
# and deletes it on exit.
trash_on_exit() {
  trash=$1
  mkdir -p "$trash"
  trap 'rm -rf "$trash"' EXIT
}
discard() {
  local p
  for p in "$@"; do
    if [[ -e "$p" ]]; then mv "$p" "$trash/$(basename "$p").$(date +%s%N)"; fi
  done
}
