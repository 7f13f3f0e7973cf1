#!/usr/bin/env bash
# What running a reader transform (and a sync backend's call) in the
# helper process costs: the personaliser on a chapter of the Rust book
# for a beginner's profile, in the process and in the helper (one child
# per call), alternating, in the same run, in a release build; then the
# git backend's status of the project and a sync with nothing to do (a
# local remote), both ways.
#
#   budget (as for exports): the helper's median under 30 ms above the
#   in-process median
#
# Usage: bench/bench-plugin-transform.sh [RUNS]     (default 9 of each)
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

if [[ ! -d $corpus/textbook/rust-book ]]; then
  echo "bench-plugin-transform.sh: the Rust book is missing from $corpus/textbook; put the corpus at ../shared/corpus or set DRAFTFORGE_CORPUS" >&2
  exit 1
fi
bench_check_runs bench-plugin-transform.sh "$runs"

bench_build "$root" "$build" bench/bench-plugin-transform src/draftforge-cli src/draftforge-plugin-runner \
  plugins/personalize/libdraftforge-personalize.so plugins/personalize/personalize.plugin \
  plugins/git-sync/libdraftforge-git-sync.so plugins/git-sync/git-sync.plugin

work=$(mktemp -d "${TMPDIR:-/tmp}/draftforge-bench-plugin-transform.XXXXXX")
trap 'rm -rf "$work"' EXIT
export XDG_DATA_HOME=$work/data XDG_CONFIG_HOME=$work/config XDG_CACHE_HOME=$work/cache
export DRAFTFORGE_PLUGIN_PATH=$build/plugins
export DRAFTFORGE_PLUGIN_RUNNER=$build/src/draftforge-plugin-runner
cli=("$build/src/draftforge-cli" --db "$work/bench.db")

if ! "${cli[@]}" import "$corpus/textbook/rust-book/src" >/dev/null 2>&1 ||
   ! "${cli[@]}" profile new Bench >/dev/null || ! "${cli[@]}" profile use Bench >/dev/null ||
   ! "${cli[@]}" profile set experience_level beginner >/dev/null; then
  echo "bench-plugin-transform.sh: setting up the Rust book and a profile failed" >&2
  exit 1
fi
slug=$("${cli[@]}" project list | awk 'NR == 2 { print $1 }')
if ! "${cli[@]}" sync init "$slug" >/dev/null || ! git init -q --bare "$work/remote.git" ||
   ! "${cli[@]}" sync remote "$slug" "$work/remote.git" >/dev/null || ! "${cli[@]}" sync "$slug" >/dev/null; then
  echo "bench-plugin-transform.sh: sync init, remote or the first sync failed" >&2
  exit 1
fi

echo "== the personaliser on chapter 4 of the Rust book, the git status and a sync with nothing to do: in the process and in the helper, $runs runs each =="
if ! out=$(BENCH_SYNC=1 "$build/bench/bench-plugin-transform" "$work/bench.db" "$slug" 4 "$runs"); then
  echo "bench-plugin-transform.sh: a run failed (above)" >&2
  exit 1
fi
sed 's/^/  /' <<<"$out"
overhead=$(awk '/^transform overhead/ { print $3 }' <<<"$out")
if awk -v o="$overhead" -v b="$budget_ms" 'BEGIN { exit !(o < b) }'; then
  echo "  budget: under $budget_ms ms more per transform: met"
else
  echo "bench-plugin-transform.sh: the helper costs $overhead ms more than the in-process transform (budget: under $budget_ms ms)" >&2
  exit 1
fi
