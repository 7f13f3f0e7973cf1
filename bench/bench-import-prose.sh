#!/usr/bin/env bash
# Times `draftforge-cli import` of the corpus with the import's text
# passes, in an optimised build without sanitizers.  Not part of the test
# suite.
#
# - War and Peace with --no-unwrap and with --unwrap: what joining the
#   hard-wrapped lines of 562,000 words costs;
# - the Rust book (an mdBook) with its {{#include}} directives resolved:
#   its corpus copy has no listings folder, so all 707 are looked up and
#   reported missing;
# - the Rust book beside a generated listings folder (a copy of the book
#   with every listing file its chapters name, 40 lines each with the
#   anchors they ask for), so that every directive is read and included.
#
# Each run imports into a fresh database and is checked: the exit status,
# the unwrapped flag and the count of includes resolved or missing from
# `import --json`; War and Peace must have the same chapters and words
# with and without unwrapping.  The median of RUNS runs is shown.
#
# Usage: bench/bench-import-prose.sh [RUNS]     (default: 5)
# The build goes to build-bench-import/.
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=bench/bench-lib.sh
source "$root/bench/bench-lib.sh"
build=$root/build-bench-import
runs=${1:-5}
bench_check_runs bench-import-prose.sh "$runs"
corpus=${DRAFTFORGE_CORPUS:-$root/../shared/corpus}
novel=$corpus/novels/war-and-peace.txt
book=$corpus/textbook/rust-book/src
for f in "$novel" "$book/SUMMARY.md"; do
  if [[ ! -f $f ]]; then
    echo "bench-import-prose.sh: $f is not there (set DRAFTFORGE_CORPUS)" >&2
    exit 1
  fi
done
if ! command -v jq >/dev/null; then
  echo "bench-import-prose.sh: jq is not installed (apt install jq)" >&2
  exit 1
fi

bench_build "$root" "$build" src/draftforge-cli

work=$(mktemp -d "${TMPDIR:-/tmp}/draftforge-bench-prose.XXXXXX")
trap 'rm -rf "$work"' EXIT
export XDG_DATA_HOME=$work/data XDG_CONFIG_HOME=$work/config XDG_CACHE_HOME=$work/cache
export DRAFTFORGE_PLUGIN_PATH=$build/plugins
cli=$build/src/draftforge-cli

# The Rust book with its listings: a copy of src beside a listings folder
# holding each file a directive names, with the anchors it names.
mkdir -p "$work/rust-book"
cp -r "$book" "$work/rust-book/src"
grep -rhoE '\{\{#(include|rustdoc_include) \.\./listings/[^}]+\}\}' "$book" |
  sed -E 's/^\{\{#[a-z_]+ \.\.\/(listings\/[^:}]+)(:([A-Za-z0-9_-]*[A-Za-z_-][A-Za-z0-9_-]*))?.*$/\1 \3/' |
  sort -u | while read -r file anchor; do
    path=$work/rust-book/$file
    mkdir -p "$(dirname "$path")"
    [[ -f $path ]] || for i in $(seq 1 40); do echo "    let line_$i = $i; // listing line"; done >"$path"
    if [[ -n $anchor ]]; then
      printf '// ANCHOR: %s\nfn %s() {}\n// ANCHOR_END: %s\n' "$anchor" "$anchor" "$anchor" >>"$path"
    fi
  done

# seconds START_NS END_NS
seconds() {
  awk -v ns=$(($2 - $1)) 'BEGIN { printf "%.3f", ns / 1e9 }'
}

# words DB SLUG: the project's words
words() {
  "$cli" --db "$1" project show "$2" --json | jq .words
}

# run NAME SOURCE CHECK ARG...: imports SOURCE RUNS times with ARGs into
# fresh databases; CHECK is a jq test on the import's --json that must
# hold; prints the median; the last run's database stays as $work/NAME.db
run() {
  local name=$1 source=$2 check=$3
  shift 3
  local times=() db out t0 t1
  for ((i = 1; i <= runs; i++)); do
    db=$work/$name.db
    rm -f "$db" "$db"-*
    t0=$(date +%s%N)
    if ! out=$("$cli" --db "$db" import --json "$@" "$source"); then
      echo "FAILED: $name: draftforge-cli import did not succeed" >&2
      exit 1
    fi
    t1=$(date +%s%N)
    if ! jq -e "$check" <<<"$out" >/dev/null; then
      echo "FAILED: $name: the import's result does not satisfy $check:" >&2
      jq 'del(.missing_includes)' <<<"$out" >&2
      exit 1
    fi
    times+=("$(seconds "$t0" "$t1")")
  done
  slug=$(jq -r .slug <<<"$out")
  printf '%-40s median %s s over %d runs (%s)\n' "$name" "$(bench_median "${times[@]}")" "$runs" "${times[*]}"
}

run war-and-peace-no-unwrap "$novel" '.unwrapped == false' --no-unwrap
plain_words=$(words "$work/war-and-peace-no-unwrap.db" "$slug")
plain_chapters=$("$cli" --db "$work/war-and-peace-no-unwrap.db" project show "$slug" --json | jq .chapters)
run war-and-peace-unwrap "$novel" '.unwrapped == true' --unwrap
if [[ $(words "$work/war-and-peace-unwrap.db" "$slug") != "$plain_words" ]]; then
  echo "FAILED: War and Peace has other words when unwrapped" >&2
  exit 1
fi
if [[ $("$cli" --db "$work/war-and-peace-unwrap.db" project show "$slug" --json | jq .chapters) != "$plain_chapters" ]]; then
  echo "FAILED: War and Peace has other chapters when unwrapped" >&2
  exit 1
fi
echo "  War and Peace: $plain_chapters chapters, $plain_words words either way"

run rust-book-listings-missing "$book" '.includes_resolved == 0 and (.missing_includes | length) == 707'
run rust-book-listings-present "$work/rust-book/src" '.includes_resolved == 707 and (.missing_includes | length) == 0'
echo "All runs succeeded."
