#!/usr/bin/env bash
# What running an export in the helper process costs: the EPUB of Pride
# and Prejudice exported in the process and in the helper (one child per
# job), alternating, in the same run, in a release build.
#
#   budget: the helper's median under 30 ms above the in-process median
#   and the in-process guard (a marker file per call into a plugin): the
#   calls of a start (10: two bundled plugins, a few UI extension calls)
#   under 5 ms
#
# Usage: bench/bench-plugin-job.sh [RUNS]     (default 9 of each)
# The corpus is read from ../shared/corpus beside the repository, or from
# $DRAFTFORGE_CORPUS.  The build goes to build-bench/.  Any failed run
# stops the benchmark with its error (exit status 1).
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
source "$root/bench/bench-lib.sh"
corpus=${DRAFTFORGE_CORPUS:-$root/../shared/corpus}
runs=${1:-9}
build=$root/build-bench
budget_ms=30

if [[ ! -r $corpus/novels/pride-and-prejudice.txt ]]; then
  echo "bench-plugin-job.sh: Pride and Prejudice is missing from $corpus/novels; put the corpus at ../shared/corpus or set DRAFTFORGE_CORPUS" >&2
  exit 1
fi
bench_check_runs bench-plugin-job.sh "$runs"

bench_build "$root" "$build" bench/bench-plugin-job src/draftforge-cli src/draftforge-plugin-runner \
  plugins/exporter/libdraftforge-exporter.so plugins/exporter/exporter.plugin

work=$(mktemp -d "${TMPDIR:-/tmp}/draftforge-bench-plugin-job.XXXXXX")
trap 'rm -rf "$work"' EXIT
export XDG_DATA_HOME=$work/data XDG_CONFIG_HOME=$work/config XDG_CACHE_HOME=$work/cache
export DRAFTFORGE_PLUGIN_PATH=$build/plugins
export DRAFTFORGE_PLUGIN_RUNNER=$build/src/draftforge-plugin-runner

if ! "$build/src/draftforge-cli" --db "$work/bench.db" import "$corpus/novels/pride-and-prejudice.txt" >/dev/null; then
  echo "bench-plugin-job.sh: the import of Pride and Prejudice failed" >&2
  exit 1
fi

echo "== EPUB of Pride and Prejudice: in the process and in the helper, $runs runs each =="
if ! out=$("$build/bench/bench-plugin-job" "$work/bench.db" pride-and-prejudice epub "$work/pp.epub" "$runs"); then
  echo "bench-plugin-job.sh: a run failed (above)" >&2
  exit 1
fi
sed 's/^/  /' <<<"$out"
overhead=$(awk '/^overhead/ { print $2 }' <<<"$out")
if awk -v o="$overhead" -v b="$budget_ms" 'BEGIN { exit !(o < b) }'; then
  echo "  budget: under $budget_ms ms more: met"
else
  echo "bench-plugin-job.sh: the helper costs $overhead ms more than the in-process export (budget: under $budget_ms ms)" >&2
  exit 1
fi
guard_us=$(awk '/^guard/ { print $2 }' <<<"$out")
start_ms=$(awk -v g="$guard_us" 'BEGIN { printf "%.2f", g * 10 / 1000 }')
if awk -v s="$start_ms" 'BEGIN { exit !(s < 5) }'; then
  echo "  guard: $guard_us us a call, $start_ms ms for the 10 calls of a start (budget: under 5 ms): met"
else
  echo "bench-plugin-job.sh: the guard costs $start_ms ms at start-up (budget: under 5 ms)" >&2
  exit 1
fi
