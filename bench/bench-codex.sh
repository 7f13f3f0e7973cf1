#!/usr/bin/env bash
# Times the codex on War and Peace in an optimised build without
# sanitizers (build-bench/): suggesting entries from the text (budget
# 1 s), finding the mentions of a suggested codex (the first 100
# suggestions, with their aliases) in the whole book, and updating the
# mentions of the longest chapter as a save does (budget 5 ms), beside the
# whole save.  Every run is checked by bench-codex itself (suggestions
# made, mentions found); a failed run stops the benchmark.  Not part of
# the test suite.
#
# Usage: bench/bench-codex.sh [RUNS]      (default 9)
# The corpus is read from ../shared/corpus beside the repository, or from
# $DRAFTFORGE_CORPUS.
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail
trap 'echo "bench-codex.sh: a step failed (line $LINENO)" >&2' ERR

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=bench/bench-lib.sh
source "$root/bench/bench-lib.sh"
runs=${1:-9}
bench_check_runs bench-codex.sh "$runs"
corpus=${DRAFTFORGE_CORPUS:-$root/../shared/corpus}
novel=$corpus/novels/war-and-peace.txt
build=$root/build-bench
if [[ ! -r $novel ]]; then
  echo "bench-codex.sh: $novel is missing; put the corpus at ../shared/corpus beside the repository or set DRAFTFORGE_CORPUS" >&2
  exit 1
fi

bench_build "$root" "$build" bench/bench-codex
"$build/bench/bench-codex" "$novel" "$runs"
