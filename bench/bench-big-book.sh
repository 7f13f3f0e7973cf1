#!/usr/bin/env bash
# The 10x book: War and Peace ten times over (3,650 chapters, 5.6 million
# words, 32 MB), made here from the corpus and never committed, beside
# the book itself, in an optimised build without sanitizers
# (build-bench-big-book/).  Not part of the test suite.
#
# For each book: the time of `project list` and `chapter list` (what
# opening a project reads), and the time and peak memory (maximum
# resident set size, from /usr/bin/time) of the EPUB, HTML and DOCX
# exports, the exporter running in its helper process as it does for a
# user (the peak is the larger of the command line's and the helper's:
# GNU time reports the largest process it waited for).  pandoc makes an
# EPUB of the 1x book from the same Markdown, in the same run, as the
# yardstick.  Every run must succeed and write a file, or the benchmark
# stops.  Budgets (issue "Big books"): EPUB of the 10x book under 100 MB
# at its peak; listing and opening linear or better from 1x to 10x.
#
# Usage: bench/bench-big-book.sh [RUNS]     (default 3)
# The corpus is read from ../shared/corpus beside the repository, or from
# $DRAFTFORGE_CORPUS.  Needs /usr/bin/time (package time) and pandoc.
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail
trap 'echo "bench-big-book.sh: a step failed (line $LINENO)" >&2' ERR

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
source "$root/bench/bench-lib.sh"
corpus=${DRAFTFORGE_CORPUS:-$root/../shared/corpus}
runs=${1:-3}
build=$root/build-bench-big-book
novel=$corpus/novels/war-and-peace.txt

bench_check_runs bench-big-book.sh "$runs"
if [[ ! -r $novel ]]; then
  echo "bench-big-book.sh: $novel is missing; put the corpus at ../shared/corpus beside the repository or set DRAFTFORGE_CORPUS" >&2
  exit 1
fi
if [[ ! -x /usr/bin/time ]]; then
  echo "bench-big-book.sh: /usr/bin/time is missing (apt-get install time)" >&2
  exit 1
fi

bench_build "$root" "$build" src/draftforge-cli src/draftforge-plugin-runner \
  plugins/exporter/libdraftforge-exporter.so plugins/exporter/exporter.plugin

work=$(mktemp -d "${TMPDIR:-/tmp}/df-bench-big-book-XXXXXX")
trap 'rm -rf "$work"' EXIT
export DRAFTFORGE_DB=$work/draftforge.db
export XDG_DATA_HOME=$work/data XDG_CONFIG_HOME=$work/config XDG_CACHE_HOME=$work/cache
export DRAFTFORGE_PLUGIN_PATH=$build/plugins
cli=$build/src/draftforge-cli

# The 10x book: the novel ten times, as plain text.
for ((i = 0; i < 10; i++)); do cat "$novel"; done >"$work/war-and-peace-x10.txt"
one=$("$cli" import --title "War and Peace" "$novel")
ten=$("$cli" import --title "War and Peace x10" "$work/war-and-peace-x10.txt")
for book in "$one:365" "$ten:3650"; do
  n=$("$cli" project show "${book%%:*}" --json | sed -n 's/.*"chapters" : \([0-9]*\).*/\1/p')
  if [[ $n != "${book##*:}" ]]; then
    echo "bench-big-book.sh: ${book%%:*} has ${n:-no} chapters, not ${book##*:}" >&2
    exit 1
  fi
done

# measured COMMAND...: prints "SECONDS PEAK_MB"; a failed run stops here
measured() {
  if ! /usr/bin/time -f '%e %M' -o "$work/time.out" "$@" >/dev/null 2>"$work/stderr"; then
    echo "bench-big-book.sh: this run failed: $*" >&2
    cat "$work/stderr" >&2
    return 1
  fi
  awk '{ printf "%s %.1f\n", $1, $2 / 1024 }' <"$work/time.out"
}

# row NAME OUTPUT COMMAND...: the medians of $runs runs
row() {
  local name=$1 output=$2 secs=() mbs=() s m i
  shift 2
  for ((i = 0; i < runs; i++)); do
    rm -f "$output"
    read -r s m < <(measured "$@")
    if [[ -n $output && ! -s $output ]]; then
      echo "bench-big-book.sh: $name wrote nothing to $output" >&2
      exit 1
    fi
    secs+=("$s") mbs+=("$m")
  done
  printf '%-36s %10.2f %10.1f\n' "$name" "$(bench_median "${secs[@]}")" "$(bench_median "${mbs[@]}")"
}

echo "DraftForge $(sed -n "s/^  version: '\\(.*\\)',/\\1/p" "$root/meson.build"), $(nproc) CPUs; medians of $runs runs"
printf '%-36s %10s %10s\n' "" seconds peak_MB
row "project list (both books)" "" "$cli" project list
for book in "$one:1x" "$ten:10x"; do
  slug=${book%%:*} tag=${book##*:}
  row "chapter list, $tag" "" "$cli" chapter list "$slug" --json
  for format in epub html docx; do
    row "export $format, $tag" "$work/out.$format" "$cli" export "$slug" --format "$format" -o "$work/out.$format"
  done
done
if command -v pandoc >/dev/null; then
  "$cli" export "$one" --format markdown --single-file -o "$work/one.md" >/dev/null
  row "pandoc EPUB, 1x (same Markdown)" "$work/pandoc.epub" pandoc "$work/one.md" -o "$work/pandoc.epub"
fi
