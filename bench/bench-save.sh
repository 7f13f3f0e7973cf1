#!/usr/bin/env bash
# The save of a large chapter after a one-word edit, before and after the
# search index by segment, side by side in one run: War and Peace kept as
# one chapter of 3.2 MB, a word changed at a different place each time,
# saved with `draftforge-cli chapter write` (what an autosave does in its
# worker: hash, revision, word count, search index, in one transaction).
#
#   before: the tree at BASE (default: where this branch left main), whose
#           triggers re-index the whole chapter on every save (its old
#           text deleted from the index, the new one added) and count
#           every word again;
#   after:  this tree, which re-indexes the segments the edit touched and
#           counts again the paragraphs it changed.
#
# Both are optimised builds without sanitizers (build-bench-save/before
# and build-bench-save/after); the runs alternate, before then after, so
# that a busy machine slows both alike.  Every write must succeed, and at
# the end each chapter must hold the last text written and the word count
# of that text, or the benchmark stops.
#
# Usage: bench/bench-save.sh [RUNS] [BASE]     (default 15 runs)
# The corpus is read from ../shared/corpus beside the repository, or from
# $DRAFTFORGE_CORPUS.
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail
trap 'echo "bench-save.sh: a step failed (line $LINENO)" >&2' ERR

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
source "$root/bench/bench-lib.sh"
corpus=${DRAFTFORGE_CORPUS:-$root/../shared/corpus}
runs=${1:-15}
base=${2:-$(git -C "$root" merge-base HEAD main)}
novel=$corpus/novels/war-and-peace.txt
out=$root/build-bench-save

if [[ ! -r $novel ]]; then
  echo "bench-save.sh: $novel is missing; put the corpus at ../shared/corpus beside the repository or set DRAFTFORGE_CORPUS" >&2
  exit 1
fi
bench_check_runs bench-save.sh "$runs"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/df-bench-save-XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# The tree at BASE, exported beside the builds (not a work tree).
rm -rf "$out/before-src"
mkdir -p "$out/before-src"
git -C "$root" archive "$base" | tar -x -C "$out/before-src"
bench_build "$out/before-src" "$out/before" src/draftforge-cli
bench_build "$root" "$out/after" src/draftforge-cli

# The texts written: War and Peace with the K-th "the " of a line in the
# middle third of the book made "thy " (one word, a different place each
# run).
python3 - "$novel" "$tmp" "$runs" <<'EOF'
import sys
novel, tmp, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
text = open(novel, encoding='utf-8').read()
lines = text.split('\n')
third = len(lines) // 3
for i in range(runs + 1):
    edited = list(lines)
    for k in range(third + i * (third // (runs + 1)), len(lines)):
        if ' the ' in edited[k]:
            edited[k] = edited[k].replace(' the ', ' thy ', 1)
            break
    open(f'{tmp}/text-{i}.md', 'w', encoding='utf-8').write('\n'.join(edited))
EOF

cli () {   # WHICH ARGS...
  local which=$1; shift
  DRAFTFORGE_DB="$tmp/$which.db" XDG_CONFIG_HOME="$tmp/$which-config" XDG_DATA_HOME="$tmp/$which-data" \
    "$out/$which/src/draftforge-cli" "$@"
}

for which in before after; do
  cli "$which" project new "War and Peace" >/dev/null
  cli "$which" chapter add war-and-peace "All of it" >/dev/null
  cli "$which" chapter write war-and-peace 1 "$novel" >/dev/null
  # The first save after an import cuts the chapter into segments.
  cli "$which" chapter write war-and-peace 1 "$tmp/text-0.md" >/dev/null
done

declare -A ms=([before]="" [after]="")
for ((i = 1; i <= runs; i++)); do
  for which in before after; do
    t0=$(date +%s%N)
    if ! cli "$which" chapter write war-and-peace 1 "$tmp/text-$i.md" >/dev/null; then
      echo "bench-save.sh: $which: chapter write failed (run $i)" >&2
      exit 1
    fi
    t1=$(date +%s%N)
    ms[$which]+=" $(( (t1 - t0) / 1000 ))"
  done
done

last=$tmp/text-$runs.md
expected_words=$(cli after chapter list war-and-peace --json | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["words"])')
for which in before after; do
  if ! cli "$which" chapter cat war-and-peace 1 | cmp -s - "$last"; then
    echo "bench-save.sh: $which: the chapter does not hold the last text written" >&2
    exit 1
  fi
  words=$(cli "$which" chapter list war-and-peace --json | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["words"])')
  if [[ $words != "$expected_words" ]]; then
    echo "bench-save.sh: $which counts $words words, the other $expected_words" >&2
    exit 1
  fi
done

echo "War and Peace as one chapter ($(wc -c <"$novel") bytes, $expected_words words), a one-word edit saved with"
echo "chapter write, $runs runs each, alternating (ms, the whole command: start, read, save, exit):"
printf '%-8s %4s %9s %9s %9s\n' "" n min median max
for which in before after; do
  # shellcheck disable=SC2086
  printf '%s\n' ${ms[$which]} | sort -n | awk -v name="$which" '
    { v[NR] = $1 / 1000 }
    END {
      m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
      printf "%-8s %4d %9.1f %9.1f %9.1f\n", name, NR, v[1], m, v[NR]
    }'
done
echo "(before: $(git -C "$root" rev-parse --short "$base"), after: $(git -C "$root" rev-parse --short HEAD)$(git -C "$root" diff --quiet HEAD -- src || echo ' with changes'))"
