#!/usr/bin/env bash
# Times the continuity agent, offline, on War and Peace and Pride and
# Prejudice with a suggested codex (the first 100 and 30 suggestions of
# `codex suggest`), through draftforge-cli in an optimised build without
# sanitizers (build-bench/): budget under 1 s for War and Peace, the whole
# command.  Prints how many findings each book gets per 10,000 words (the
# false alarms are read by hand: docs/agents.md).  Every run is checked:
# it completed, and found the same number as the first.  Not part of the
# test suite.
#
# Usage: bench/bench-continuity.sh [RUNS]      (default 9)
# The corpus is read from ../shared/corpus beside the repository, or from
# $DRAFTFORGE_CORPUS.
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail
trap 'echo "bench-continuity.sh: a step failed (line $LINENO)" >&2' ERR

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=bench/bench-lib.sh
source "$root/bench/bench-lib.sh"
runs=${1:-9}
bench_check_runs bench-continuity.sh "$runs"
corpus=${DRAFTFORGE_CORPUS:-$root/../shared/corpus}
build=$root/build-bench
command -v jq >/dev/null || { echo "bench-continuity.sh: jq is not installed" >&2; exit 1; }
fail () { echo "bench-continuity.sh: $*" >&2; exit 1; }

bench_build "$root" "$build" src/draftforge-cli plugins/continuity/libdraftforge-continuity.so \
  plugins/continuity/continuity.plugin

work=$(mktemp -d "${TMPDIR:-/tmp}/draftforge-bench-continuity.XXXXXX")
trap 'rm -rf "$work"' EXIT
export XDG_DATA_HOME=$work/data XDG_CONFIG_HOME=$work/config XDG_CACHE_HOME=$work/cache
mkdir -p "$work/plugins"
ln -s "$build/plugins/continuity" "$work/plugins/continuity"
export DRAFTFORGE_PLUGIN_PATH=$work/plugins
cli=("$build/src/draftforge-cli" --db "$work/df.db")

now_ns () { date +%s%N; }
ms () { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", (b - a) / 1e6 }'; }

for book in war-and-peace:100 pride-and-prejudice:30; do
  name=${book%%:*}
  top=${book##*:}
  [[ -r $corpus/novels/$name.txt ]] || fail "$corpus/novels/$name.txt is missing"
  "${cli[@]}" import "$corpus/novels/$name.txt" >/dev/null
  "${cli[@]}" codex suggest "$name" --add "$top" >/dev/null
  words=$("${cli[@]}" project show "$name" --json | jq '.words')
  times=()
  expected=
  for ((i = 0; i < runs; i++)); do
    t0=$(now_ns)
    "${cli[@]}" agent run continuity "$name" --json > "$work/run.json"
    t1=$(now_ns)
    status=$(jq -r '.status' "$work/run.json")
    [[ $status == completed ]] || fail "the check of $name ended $status"
    found=$(jq '.issues | length' "$work/run.json")
    [[ -z $expected || $found == "$expected" ]] || fail "run $i of $name found $found, not $expected"
    expected=$found
    times+=("$(ms "$t0" "$t1")")
  done
  per=$(awk -v f="$found" -v w="$words" 'BEGIN { printf "%.2f", f * 10000 / w }')
  printf '%-20s %7s words, codex of %3s: check %7s ms (median of %s; min %s, max %s); %s findings, %s per 10,000 words\n' \
    "$name" "$words" "$top" "$(bench_median "${times[@]}")" "$runs" \
    "$(printf '%s\n' "${times[@]}" | sort -g | head -1)" "$(printf '%s\n' "${times[@]}" | sort -g | tail -1)" \
    "$found" "$per"
done
