#!/usr/bin/env bash
# Times git sync (the git-sync plugin, through draftforge-cli) on War and
# Peace, beside the git command line in the same run, in an optimised
# build without sanitizers (build-bench-sync/).  Not part of the test
# suite.
#
#   the first version of War and Peace (365 chapters): no slower than
#     `git init && git add -A && git commit` of the same folder (written
#     by export-folder) by the git command line; shown both with the
#     folder already there (git's time alone) and with its files written
#     by `cp -r` first, since sync init writes its work tree too;
#   a sync with nothing to do (a local remote): under 100 ms;
#   a version after editing one chapter: under 50 ms.
#
# Each figure is the whole command, process start to exit, with only the
# git sync plugin on the plugin path (the others are not loaded); the
# median of RUNS runs (the first version: of RUNS fresh repositories).
# Every run is checked: the version holds 365 chapters, the sync says it
# is up to date, the commit says it saved a version.
#
# Usage: bench/bench-sync.sh [RUNS]     (default 9)
# The corpus is read from ../shared/corpus beside the repository, or from
# $DRAFTFORGE_CORPUS.
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
source "$root/bench/bench-lib.sh"
build=$root/build-bench-sync
runs=${1:-9}
bench_check_runs bench-sync.sh "$runs"
corpus=${DRAFTFORGE_CORPUS:-$root/../shared/corpus}
book=$corpus/novels/war-and-peace.txt
for tool in git jq; do
  command -v "$tool" >/dev/null || { echo "bench-sync.sh: $tool is not installed" >&2; exit 1; }
done

bench_build "$root" "$build" src/draftforge-cli src/draftforge-plugin-runner plugins/git-sync/libdraftforge-git-sync.so \
  plugins/git-sync/git-sync.plugin

work=$(mktemp -d "${TMPDIR:-/tmp}/draftforge-bench-sync.XXXXXX")
trap 'rm -rf "$work"' EXIT
export XDG_DATA_HOME=$work/data XDG_CONFIG_HOME=$work/config XDG_CACHE_HOME=$work/cache
mkdir -p "$work/plugins"
ln -s "$build/plugins/git-sync" "$work/plugins/git-sync"
export DRAFTFORGE_PLUGIN_PATH=$work/plugins
cli=("$build/src/draftforge-cli" --db "$work/df.db")

now_ns () { date +%s%N; }
ms () { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", (b - a) / 1e6 }'; }
fail () { echo "bench-sync.sh: $*" >&2; exit 1; }

"${cli[@]}" import "$book" >/dev/null
slug=$("${cli[@]}" project list --json | jq -r '.[0].slug')
chapters=$("${cli[@]}" chapter list "$slug" --json | jq length)
[[ $chapters == 365 ]] || fail "War and Peace has $chapters chapters, not 365"

# The peer: the same folder committed by the git command line.
"${cli[@]}" export-folder "$slug" "$work/folder" >/dev/null
git_first=()
git_written=()
df_first=()
for ((i = 0; i < runs; i++)); do
  rm -rf "$work/peer"
  cp -r "$work/folder" "$work/peer"
  t0=$(now_ns)
  (cd "$work/peer" && git init -q && git add -A &&
   git -c user.name=Bench -c user.email=bench@example.org commit -qm "First version")
  t1=$(now_ns)
  git_first+=("$(ms "$t0" "$t1")")

  # The same with the folder's files written first, as sync init writes
  # its work tree (git above finds them there).
  rm -rf "$work/peer"
  t0=$(now_ns)
  cp -r "$work/folder" "$work/peer"
  (cd "$work/peer" && git init -q && git add -A &&
   git -c user.name=Bench -c user.email=bench@example.org commit -qm "First version")
  t1=$(now_ns)
  git_written+=("$(ms "$t0" "$t1")")

  rm -f "$work/one.db"
  cp "$work/df.db" "$work/one.db"
  t0=$(now_ns)
  "$build/src/draftforge-cli" --db "$work/one.db" sync init "$slug" --repo "$work/repo-$i" >/dev/null
  t1=$(now_ns)
  df_first+=("$(ms "$t0" "$t1")")
  files=$(git -C "$work/repo-$i" ls-files | grep -c '\.md$')
  [[ $files == 365 ]] || fail "the first version holds $files chapters, not 365"
  rm -rf "$work/repo-$i"
done

# The project linked for good, with a local remote.
"${cli[@]}" sync init "$slug" --repo "$work/repo" >/dev/null
git init -q --bare "$work/remote.git"
"${cli[@]}" sync remote "$slug" "$work/remote.git" >/dev/null
"${cli[@]}" sync "$slug" >/dev/null

noop=()
for ((i = 0; i < runs; i++)); do
  t0=$(now_ns)
  out=$("${cli[@]}" sync "$slug")
  t1=$(now_ns)
  [[ $out == "Up to date" ]] || fail "a sync with nothing to do said: $out"
  noop+=("$(ms "$t0" "$t1")")
done

commit=()
for ((i = 0; i < runs; i++)); do
  "${cli[@]}" chapter cat "$slug" 100 > "$work/ch.md"
  printf '\n\nA sentence added in run %d.\n' "$i" >> "$work/ch.md"
  "${cli[@]}" chapter write "$slug" 100 "$work/ch.md" >/dev/null
  t0=$(now_ns)
  out=$("${cli[@]}" sync commit "$slug")
  t1=$(now_ns)
  [[ $out == "Saved a version"* ]] || fail "a version after one edit said: $out"
  commit+=("$(ms "$t0" "$t1")")
done

printf '%-58s %9s\n' "War and Peace, $runs runs (median)" "ms"
printf '%-58s %9s\n' "first version: git init && git add -A && git commit" "$(bench_median "${git_first[@]}")"
printf '%-58s %9s\n' "first version: cp -r of the folder, then the same" "$(bench_median "${git_written[@]}")"
printf '%-58s %9s\n' "first version: draftforge-cli sync init" "$(bench_median "${df_first[@]}")"
printf '%-58s %9s   (budget 100)\n' "sync with nothing to do (local remote)" "$(bench_median "${noop[@]}")"
printf '%-58s %9s   (budget 50)\n' "version after editing one chapter" "$(bench_median "${commit[@]}")"
