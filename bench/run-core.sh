#!/usr/bin/env bash
# Times the DraftForge core on War and Peace (import, word count beside
# wc -w, search, chapter listing) in an optimised build without
# sanitizers.  Not part of the test suite.
#
# Usage: bench/run-core.sh [RUNS]      (default 15 runs per benchmark)
# The corpus is read from ../shared/corpus beside the repository, or from
# $DRAFTFORGE_CORPUS.  The build goes to build-bench/.
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
source "$root/bench/bench-lib.sh"
corpus=${DRAFTFORGE_CORPUS:-$root/../shared/corpus}
runs=${1:-15}
novel=$corpus/novels/war-and-peace.txt
build=$root/build-bench

if [[ ! -r $novel ]]; then
  echo "run-core.sh: $novel is missing; put the corpus at ../shared/corpus beside the repository or set DRAFTFORGE_CORPUS" >&2
  exit 1
fi
bench_check_runs run-core.sh "$runs"
corpus=$(cd "$corpus" && pwd)
novel=$corpus/novels/war-and-peace.txt

bench_build "$root" "$build" bench/bench-core

echo "== wc -w, timed by the shell =="
# The same file, the same run: the yardstick the C benchmark also measures.
wc_times=()
for ((i = 0; i < runs; i++)); do
  t0=$(date +%s%N)
  wc -w "$novel" >/dev/null
  t1=$(date +%s%N)
  wc_times+=($(( (t1 - t0) / 1000 )))
done
mapfile -t sorted < <(printf '%s\n' "${wc_times[@]}" | sort -n)
n=${#sorted[@]}
median=$(bench_median "${wc_times[@]}")
printf '%-30s %5s %10s %10s %10s\n' "benchmark" "runs" "min ms" "median ms" "max ms"
printf '%-30s %5d %10.3f %10.3f %10.3f  %s words\n' "wc -w (date +%s%N loop)" "$n" \
  "$(awk "BEGIN { print ${sorted[0]} / 1000 }")" \
  "$(awk "BEGIN { print $median / 1000 }")" \
  "$(awk "BEGIN { print ${sorted[n - 1]} / 1000 }")" \
  "$(wc -w < "$novel")"
if command -v hyperfine >/dev/null; then
  hyperfine --style basic --runs "$runs" --warmup 2 -N "wc -w $novel" 2>/dev/null | sed -n '2,3p'
fi
echo

echo "== DraftForge core ($build, release) =="
"$build/bench/bench-core" --corpus "$corpus" --runs "$runs"
