#!/usr/bin/env bash
# Times the outline (and the corkboard) of War and Peace (365 chapters):
# from Ctrl+Shift+O (Ctrl+Shift+B) in the project view to the first
# frame painted with them, five opens each (the first open, then four
# more), through the timing mode of the outline's UI test (-m perf).
# Not part of the test suite; the budgets are 100 ms and 200 ms.
#
# Usage: bench/bench-outline.sh [BUILD] [BEFORE]
#   BUILD   the build directory (default: build)
#   BEFORE  optional: a test-ui-outline binary built from an earlier
#           commit (copied aside before rebuilding); the two are run one
#           after the other, three times each, and their figures printed
#           side by side, the best of the runs for each open.
# Needs Xvfb (xvfb-run) and dbus-run-session; the corpus is read from
# ../shared/corpus beside the repository, or from $DRAFTFORGE_CORPUS.
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail
trap 'echo "bench-outline.sh: a step failed (line $LINENO)" >&2' ERR

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=$root/${1:-build}
before=${2:-}
corpus=${DRAFTFORGE_CORPUS:-$root/../shared/corpus}
if [[ ! -r $corpus/novels/war-and-peace.txt ]]; then
  echo "bench-outline.sh: $corpus/novels/war-and-peace.txt is missing; set DRAFTFORGE_CORPUS" >&2
  exit 1
fi
ninja -C "$build" tests/test-ui-outline >/dev/null

# The figures of one run of BINARY: "outline N MS" and "corkboard N MS"
# lines, N the open (1 to 5), MS to the first frame.
run_once() {
  local out
  out=$(xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- env \
          GSETTINGS_SCHEMA_DIR="$build/data" GSETTINGS_BACKEND=memory GTK_A11Y=none NO_AT_BRIDGE=1 \
          GSK_RENDERER=cairo GDK_BACKEND=x11 DRAFTFORGE_CORPUS="$corpus" \
          "$1" -m perf -p /ui/outline/timing 2>&1)
  if ! grep -q '^ok 1 /ui/outline/timing' <<<"$out"; then
    echo "$out" >&2
    echo "bench-outline.sh: the timing run of $1 failed" >&2
    exit 1
  fi
  sed -nE 's/^# min perf: (outline|corkboard) of War and Peace \(open ([0-9])\):.* ([0-9.]+) ms to the first frame$/\1 \2 \3/p' <<<"$out"
  # The scrolling, on standard error: not a row of the table.
  sed -nE 's/^# min perf: (outline of War and Peace, scrolled.*)$/\1/p' <<<"$out" >&2
}

if [[ -z $before ]]; then
  run_once "$build/tests/test-ui-outline" | awk '{ printf "%-9s open %s: %7.1f ms to the first frame\n", $1, $2, $3 }'
  exit 0
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for i in 1 2 3; do
  run_once "$before" | sed 's/^/before /' >>"$tmp/all"
  run_once "$build/tests/test-ui-outline" | sed 's/^/after /' >>"$tmp/all"
done
printf '%-9s %-5s %10s %10s   (best of 3 runs each, ms to the first frame)\n' view open before after
awk '{ k = $2 " " $3; if (!(k in seen)) { order[++n] = k; seen[k] = 1 }
       v = $4 + 0; key = $1 SUBSEP k
       if (!(key in best) || v < best[key]) best[key] = v }
     END { for (i = 1; i <= n; i++) { split(order[i], a, " ")
             printf "%-9s %-5s %10.1f %10.1f\n", a[1], a[2], best["before" SUBSEP order[i]], best["after" SUBSEP order[i]] } }' \
  "$tmp/all"
