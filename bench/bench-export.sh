#!/usr/bin/env bash
# Times the exporters in an optimised build without sanitizers, against
# pandoc in the same run.  Not part of the test suite.
#
#   EPUB of War and Peace: `draftforge-cli export war-and-peace --format epub`
#     budget: median under 1 s, and at least 10x faster than pandoc making
#     an EPUB from the same book as one Markdown file
#     (`export --format markdown --single-file`, then `pandoc -o x.epub`).
#   PDF of Pride and Prejudice, when a pdf exporter is enabled (timed only).
#
# Usage: bench/bench-export.sh [RUNS]     (default 5; the median is reported)
# The corpus is read from ../shared/corpus beside the repository, or from
# $DRAFTFORGE_CORPUS.  The build goes to build-bench-export/.
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
source "$root/bench/bench-lib.sh"
corpus=${DRAFTFORGE_CORPUS:-$root/../shared/corpus}
runs=${1:-5}
build=$root/build-bench-export

if [[ ! -r $corpus/novels/war-and-peace.txt || ! -r $corpus/novels/pride-and-prejudice.txt ]]; then
  echo "bench-export.sh: the novels are missing from $corpus/novels; put the corpus at ../shared/corpus beside the repository or set DRAFTFORGE_CORPUS" >&2
  exit 1
fi
bench_check_runs bench-export.sh "$runs"
if ! command -v pandoc >/dev/null; then
  echo "bench-export.sh: pandoc is not installed (apt install pandoc); it is the yardstick" >&2
  exit 1
fi
corpus=$(cd "$corpus" && pwd)

bench_build "$root" "$build" src/draftforge-cli plugins/exporter/libdraftforge-exporter.so \
  plugins/exporter/exporter.plugin

work=$(mktemp -d "${TMPDIR:-/tmp}/draftforge-bench-export.XXXXXX")
trap 'rm -rf "$work"' EXIT
export DRAFTFORGE_DB=$work/draftforge.db
export XDG_DATA_HOME=$work/data XDG_CONFIG_HOME=$work/config XDG_CACHE_HOME=$work/cache
export DRAFTFORGE_PLUGIN_PATH=$build/plugins
cli=$build/src/draftforge-cli

"$cli" import "$corpus/novels/war-and-peace.txt" >/dev/null
"$cli" import "$corpus/novels/pride-and-prejudice.txt" >/dev/null

# timed COMMAND...: runs it, prints its wall time in seconds; a run that
# fails stops the benchmark (set -e does not reach into $(...))
timed() {
  local start end
  start=$(date +%s%N)
  if ! "$@" >/dev/null; then
    echo "bench-export.sh: this run failed: $*" >&2
    return 1
  fi
  end=$(date +%s%N)
  awk -v ns=$((end - start)) 'BEGIN { printf "%.3f", ns / 1e9 }'
}

# time_runs OUTPUT COMMAND...: runs COMMAND $runs times and prints the
# times; sets $median (seconds) and $size (OUTPUT's bytes)
time_runs() {
  local output=$1 times=() i
  shift
  for ((i = 0; i < runs; i++)); do
    times+=("$(timed "$@")")
  done
  echo "  runs: ${times[*]} s"
  median=$(printf '%.3f' "$(bench_median "${times[@]}")")
  size=$(stat -c %s "$output")
}

echo "== EPUB of War and Peace: draftforge-cli export, $runs runs =="
time_runs "$work/wp.epub" "$cli" export war-and-peace --format epub -o "$work/wp.epub"
df_median=$median
echo "  median: $df_median s ($size bytes)"

echo "== the same book with pandoc (Markdown from export --format markdown --single-file), $runs runs =="
"$cli" export war-and-peace --format markdown --single-file -o "$work/wp.md" >/dev/null
time_runs "$work/wp-pandoc.epub" pandoc "$work/wp.md" -o "$work/wp-pandoc.epub"
pandoc_median=$median
echo "  median: $pandoc_median s ($size bytes, $(pandoc --version | head -1))"

ratio=$(awk -v a="$pandoc_median" -v b="$df_median" 'BEGIN { printf "%.1f", a / b }')
echo "  DraftForge is ${ratio}x faster"

status=0
if awk -v t="$df_median" 'BEGIN { exit !(t >= 1.0) }'; then
  echo "OVER BUDGET: the EPUB of War and Peace takes $df_median s (budget: under 1 s)"
  status=1
fi
if awk -v r="$ratio" 'BEGIN { exit !(r < 10) }'; then
  echo "OVER BUDGET: only ${ratio}x faster than pandoc (budget: at least 10x)"
  status=1
fi

if "$cli" export --list-formats | awk '{ print $1 }' | grep -qx pdf; then
  echo "== PDF of Pride and Prejudice, $runs runs =="
  time_runs "$work/pp.pdf" "$cli" export pride-and-prejudice --format pdf -o "$work/pp.pdf"
  echo "  median: $median s ($size bytes)"
else
  echo "== PDF of Pride and Prejudice: no pdf exporter enabled, not timed =="
fi

if ((status == 0)); then
  echo "Within budget."
fi
exit $status
