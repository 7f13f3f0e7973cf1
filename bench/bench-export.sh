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
corpus=${DRAFTFORGE_CORPUS:-$root/../shared/corpus}
runs=${1:-5}
build=$root/build-bench-export

if [[ ! -r $corpus/novels/war-and-peace.txt || ! -r $corpus/novels/pride-and-prejudice.txt ]]; then
  echo "bench-export.sh: the novels are missing from $corpus/novels; put the corpus at ../shared/corpus beside the repository or set DRAFTFORGE_CORPUS" >&2
  exit 1
fi
if ! [[ $runs =~ ^[1-9][0-9]*$ ]]; then
  echo "bench-export.sh: RUNS must be a positive number (got '$runs')" >&2
  exit 1
fi
if ! command -v pandoc >/dev/null; then
  echo "bench-export.sh: pandoc is not installed (apt install pandoc); it is the yardstick" >&2
  exit 1
fi
corpus=$(cd "$corpus" && pwd)

if [[ -f $build/build.ninja ]]; then
  meson configure "$build" --buildtype=release -Dsanitize=false >/dev/null
else
  meson setup "$build" "$root" --buildtype=release -Dsanitize=false >/dev/null
fi
ninja -C "$build" -j2 src/draftforge-cli plugins/exporter/libdraftforge-exporter.so \
  plugins/exporter/exporter.plugin >/dev/null

work=$(mktemp -d "${TMPDIR:-/tmp}/draftforge-bench-export.XXXXXX")
trap 'rm -rf "$work"' EXIT
export DRAFTFORGE_DB=$work/draftforge.db
export XDG_DATA_HOME=$work/data XDG_CONFIG_HOME=$work/config XDG_CACHE_HOME=$work/cache
export DRAFTFORGE_PLUGIN_PATH=$build/plugins
cli=$build/src/draftforge-cli

"$cli" import "$corpus/novels/war-and-peace.txt" >/dev/null
"$cli" import "$corpus/novels/pride-and-prejudice.txt" >/dev/null

# median SECONDS...: prints the median, in seconds with 3 decimals
median() {
  printf '%s\n' "$@" | sort -n | awk '{ a[NR] = $1 } END { m = (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2; printf "%.3f", m }'
}

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

echo "== EPUB of War and Peace: draftforge-cli export, $runs runs =="
df_times=()
for ((i = 0; i < runs; i++)); do
  df_times+=("$(timed "$cli" export war-and-peace --format epub -o "$work/wp.epub")")
done
echo "  runs: ${df_times[*]} s"
df_median=$(median "${df_times[@]}")
echo "  median: $df_median s ($(stat -c %s "$work/wp.epub") bytes)"

echo "== the same book with pandoc (Markdown from export --format markdown --single-file), $runs runs =="
"$cli" export war-and-peace --format markdown --single-file -o "$work/wp.md" >/dev/null
pandoc_times=()
for ((i = 0; i < runs; i++)); do
  pandoc_times+=("$(timed pandoc "$work/wp.md" -o "$work/wp-pandoc.epub")")
done
echo "  runs: ${pandoc_times[*]} s"
pandoc_median=$(median "${pandoc_times[@]}")
echo "  median: $pandoc_median s ($(stat -c %s "$work/wp-pandoc.epub") bytes, $(pandoc --version | head -1))"

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
  pdf_times=()
  for ((i = 0; i < runs; i++)); do
    pdf_times+=("$(timed "$cli" export pride-and-prejudice --format pdf -o "$work/pp.pdf")")
  done
  echo "  runs: ${pdf_times[*]} s"
  echo "  median: $(median "${pdf_times[@]}") s ($(stat -c %s "$work/pp.pdf") bytes)"
else
  echo "== PDF of Pride and Prejudice: no pdf exporter enabled, not timed =="
fi

if ((status == 0)); then
  echo "Within budget."
fi
exit $status
