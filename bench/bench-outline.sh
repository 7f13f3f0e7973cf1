#!/usr/bin/env bash
# Times the outline (and the corkboard) of War and Peace (365 chapters):
# from Ctrl+Shift+O (Ctrl+Shift+B) in
# the project view to the first frame painted with them, five
# rounds, through the timing mode of the outline's UI test (-m perf).
# Not part of the test suite; the budgets are 100 ms and 200 ms.
#
# Usage: bench/bench-outline.sh [BUILD]      (default: build)
# Needs Xvfb (xvfb-run) and dbus-run-session; the corpus is read from
# ../shared/corpus beside the repository, or from $DRAFTFORGE_CORPUS.
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail
trap 'echo "bench-outline.sh: a step failed (line $LINENO)" >&2' ERR

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=$root/${1:-build}
corpus=${DRAFTFORGE_CORPUS:-$root/../shared/corpus}
if [[ ! -r $corpus/novels/war-and-peace.txt ]]; then
  echo "bench-outline.sh: $corpus/novels/war-and-peace.txt is missing; set DRAFTFORGE_CORPUS" >&2
  exit 1
fi
ninja -C "$build" tests/test-ui-outline >/dev/null

out=$(xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- env \
        GSETTINGS_SCHEMA_DIR="$build/data" GSETTINGS_BACKEND=memory GTK_A11Y=none NO_AT_BRIDGE=1 \
        GSK_RENDERER=cairo GDK_BACKEND=x11 DRAFTFORGE_CORPUS="$corpus" \
        "$build/tests/test-ui-outline" -m perf -p /ui/outline/timing 2>&1)
if ! grep -q '^ok 1 /ui/outline/timing' <<<"$out"; then
  echo "$out" >&2
  echo "bench-outline.sh: the timing run failed" >&2
  exit 1
fi
grep -E 'outline of|corkboard of' <<<"$out" | sed 's/^# min perf: //'
