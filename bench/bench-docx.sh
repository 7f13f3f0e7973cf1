#!/usr/bin/env bash
# The DOCX export of the 10x book (War and Peace ten times over, 3,650
# chapters, made here and never committed), before and after the DOCX
# exporter streams word/document.xml, side by side in one run: the time
# and the peak memory (maximum resident set size from /usr/bin/time: the
# larger of the command line's and the helper process's, where the
# exporter runs), and the EPUB export of the same book as the yardstick.
#
#   before: the tree at BASE (default: where this branch left main);
#   after:  this tree.
#
# Optimised builds without sanitizers (build-bench-save/before and
# build-bench-save/after, shared with bench-save.sh); runs alternate.
# Every export must succeed and write a file, and the two builds must
# write the same word/document.xml, or the benchmark stops.
#
# Usage: bench/bench-docx.sh [RUNS] [BASE]     (default 3 runs)
# The corpus is read from ../shared/corpus beside the repository, or from
# $DRAFTFORGE_CORPUS.  Needs /usr/bin/time (package time) and unzip.
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail
trap 'echo "bench-docx.sh: a step failed (line $LINENO)" >&2' ERR

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
source "$root/bench/bench-lib.sh"
corpus=${DRAFTFORGE_CORPUS:-$root/../shared/corpus}
runs=${1:-3}
base=${2:-$(git -C "$root" merge-base HEAD main)}
novel=$corpus/novels/war-and-peace.txt
out=$root/build-bench-save
targets=(src/draftforge-cli src/draftforge-plugin-runner
         plugins/exporter/libdraftforge-exporter.so plugins/exporter/exporter.plugin)

if [[ ! -r $novel ]]; then
  echo "bench-docx.sh: $novel is missing; put the corpus at ../shared/corpus beside the repository or set DRAFTFORGE_CORPUS" >&2
  exit 1
fi
for tool in /usr/bin/time unzip; do
  if ! command -v "$tool" >/dev/null; then
    echo "bench-docx.sh: $tool is missing" >&2
    exit 1
  fi
done
bench_check_runs bench-docx.sh "$runs"

work=$(mktemp -d "${TMPDIR:-/tmp}/df-bench-docx-XXXXXX")
trap 'rm -rf "$work"' EXIT

rm -rf "$out/before-src"
mkdir -p "$out/before-src"
git -C "$root" archive "$base" | tar -x -C "$out/before-src"
bench_build "$out/before-src" "$out/before" "${targets[@]}"
bench_build "$root" "$out/after" "${targets[@]}"

cli () {   # WHICH ARGS...
  local which=$1; shift
  env DRAFTFORGE_DB="$work/$which.db" XDG_CONFIG_HOME="$work/$which-config" XDG_DATA_HOME="$work/$which-data" \
    XDG_CACHE_HOME="$work/$which-cache" DRAFTFORGE_PLUGIN_PATH="$out/$which/plugins" \
    "$out/$which/src/draftforge-cli" "$@"
}

for ((i = 0; i < 10; i++)); do cat "$novel"; done >"$work/war-and-peace-x10.txt"
for which in before after; do
  slug=$(cli "$which" import --title "War and Peace x10" "$work/war-and-peace-x10.txt")
  n=$(cli "$which" project show "$slug" --json | sed -n 's/.*"chapters" : \([0-9]*\).*/\1/p')
  if [[ $n != 3650 ]]; then
    echo "bench-docx.sh: $which: the 10x book has ${n:-no} chapters, not 3650" >&2
    exit 1
  fi
done

# measured WHICH FORMAT: prints "SECONDS PEAK_MB"; a failed run stops here
measured () {
  local output=$work/$1.$2
  rm -f "$output"
  if ! /usr/bin/time -f '%e %M' -o "$work/time.out" \
       env DRAFTFORGE_DB="$work/$1.db" XDG_CONFIG_HOME="$work/$1-config" XDG_DATA_HOME="$work/$1-data" \
       XDG_CACHE_HOME="$work/$1-cache" DRAFTFORGE_PLUGIN_PATH="$out/$1/plugins" \
       "$out/$1/src/draftforge-cli" export "$slug" --format "$2" -o "$output" \
       >/dev/null 2>"$work/stderr" || [[ ! -s $output ]]; then
    echo "bench-docx.sh: $1: the $2 export failed" >&2
    cat "$work/stderr" >&2
    return 1
  fi
  awk '{ printf "%s %.1f\n", $1, $2 / 1024 }' <"$work/time.out"
}

declare -A secs mbs
for ((i = 0; i < runs; i++)); do
  for row in before:docx after:docx after:epub; do
    read -r s m < <(measured "${row%%:*}" "${row##*:}")
    secs[$row]+=" $s" mbs[$row]+=" $m"
  done
done

for which in before after; do
  unzip -p "$work/$which.docx" word/document.xml >"$work/$which-document.xml"
done
if ! cmp -s "$work/before-document.xml" "$work/after-document.xml"; then
  echo "bench-docx.sh: the two builds wrote different word/document.xml" >&2
  exit 1
fi

echo "The 10x book (3,650 chapters, $(wc -c <"$work/war-and-peace-x10.txt") bytes); medians of $runs runs, alternating;"
echo "word/document.xml: $(wc -c <"$work/after-document.xml") bytes, the same from both builds"
printf '%-22s %10s %10s\n' "" seconds peak_MB
for row in before:docx after:docx after:epub; do
  # shellcheck disable=SC2086
  printf '%-22s %10.2f %10.1f\n' "${row%%:*} ${row##*:}" "$(bench_median ${secs[$row]})" "$(bench_median ${mbs[$row]})"
done
echo "(before: $(git -C "$root" rev-parse --short "$base"), after: $(git -C "$root" rev-parse --short HEAD))"
