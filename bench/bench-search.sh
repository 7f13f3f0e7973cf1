#!/usr/bin/env bash
# Times `draftforge-cli search` on War and Peace, in an optimised build
# without sanitizers (build-bench-search/), side by side with grep on the
# same text in the same run.  Not part of the test suite.
#
#   one: the novel as ONE chapter of 3.2 MB (a Markdown file with one
#        heading);
#   365: the novel imported as plain text, 365 chapters.
#
# For each book and each query ("the", "Natasha" and the phrase "Prince
# Andrew"), the first page of hits (--limit 200 --json) is timed from exec
# to exit, median of RUNS runs; every run must exit 0 with 200 hits (or
# all of them) and the same total, or the benchmark stops.  grep runs on
# the same text (one file: the chapters' Markdown, accents taken off
# beforehand with iconv): `grep -o -i -E '\bWORD'` piped to `wc -l`, words
# matched at their start as the search does (grep cannot see a phrase across a line end, so
# its count for "Prince Andrew" is lower).  Once, for the one-chapter book,
# the query the search ran before occurrences (FTS5's snippet() over the
# chapter, 20 hits) through the sqlite3 command line, when installed.
#
# Then the same search with the one-chapter book beside ten more copies
# of the novel in its database, against beside one.
#
# Then the replace across the book (`replace SLUG Natasha Nataqwz`, a real
# one: every chapter that holds the word saved with its revision, in one
# transaction; then back), beside `sed -i` on the same text file; each run
# must replace the count the dry run found.
#
# Usage: bench/bench-search.sh [RUNS]     (default: 5)
# The corpus is read from ../shared/corpus beside the repository, or from
# $DRAFTFORGE_CORPUS.  Needs jq.
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail
trap 'echo "bench-search.sh: a step failed (line $LINENO)" >&2' ERR

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=bench/bench-lib.sh
source "$root/bench/bench-lib.sh"
build=$root/build-bench-search
runs=${1:-5}
bench_check_runs bench-search.sh "$runs"
corpus=${DRAFTFORGE_CORPUS:-$root/../shared/corpus}
novel=$corpus/novels/war-and-peace.txt
if [[ ! -r $novel ]]; then
  echo "bench-search.sh: $novel is missing; put the corpus at ../shared/corpus beside the repository or set DRAFTFORGE_CORPUS" >&2
  exit 1
fi
if ! command -v jq >/dev/null; then
  echo "bench-search.sh: jq is not installed (apt-get install jq)" >&2
  exit 1
fi

bench_build "$root" "$build" src/draftforge-cli

tmp=$(mktemp -d "${TMPDIR:-/tmp}/df-bench-search-XXXXXX")
trap 'rm -rf "$tmp"' EXIT
export XDG_DATA_HOME=$tmp/data XDG_CONFIG_HOME=$tmp/config XDG_CACHE_HOME=$tmp/cache
cli=$build/src/draftforge-cli
db=$tmp/search.db

# The books: one chapter (a Markdown file with one heading), 365 chapters.
{ echo "# War and Peace"; echo; cat "$novel"; } >"$tmp/one.md"
one=$("$cli" --db "$db" import --title "One chapter" "$tmp/one.md")
many=$("$cli" --db "$db" import --title "Chapters" --no-unwrap "$novel")
for book in "$one:1" "$many:365"; do
  n=$("$cli" --db "$db" project show "${book%%:*}" --json | jq .chapters)
  if [[ $n != "${book##*:}" ]]; then
    echo "bench-search.sh: ${book%%:*} has $n chapters, not ${book##*:}" >&2
    exit 1
  fi
done
# What grep reads: each book's Markdown as stored, its accents taken off
# beforehand (grep does not fold them; the search does, inside its time).
"$cli" --db "$db" chapter cat "$one" 1 | LC_ALL=C.UTF-8 iconv -f utf-8 -t ascii//TRANSLIT >"$tmp/one.txt"
for ((c = 1; c <= 365; c++)); do "$cli" --db "$db" chapter cat "$many" "$c"; done |
  LC_ALL=C.UTF-8 iconv -f utf-8 -t ascii//TRANSLIT >"$tmp/many.txt"

# now_ms: the time in milliseconds, with a fraction
now_ms() { echo "$(date +%s%N) / 1000000" | bc -l; }

# search_once SLUG QUERY: prints "MS TOTAL HITS"; fails when the run does
search_once() {
  local start end out
  start=$(now_ms)
  if ! out=$("$cli" --db "$db" search "$1" "$2" --limit 200 --json); then
    echo "bench-search.sh: search $1 '$2' failed" >&2
    return 1
  fi
  end=$(now_ms)
  echo "$(echo "$end - $start" | bc -l) $(jq '.total' <<<"$out") $(jq '.hits | length' <<<"$out")"
}

# grep_once FILE PATTERN: prints "MS COUNT"
grep_once() {
  local start end count
  start=$(now_ms)
  count=$({ grep -o -i -E "$2" "$1" || true; } | wc -l)
  end=$(now_ms)
  echo "$(echo "$end - $start" | bc -l) $count"
}

echo "DraftForge $(sed -n "s/^  version: '\\(.*\\)',/\\1/p" "$root/meson.build"), $(nproc) CPUs, $(uname -r), $(grep --version | head -1)"
echo "one: $(wc -c <"$tmp/one.txt") bytes in 1 chapter; 365: $(wc -c <"$tmp/many.txt") bytes in 365 chapters"
echo "first page (--limit 200), medians of $runs runs, ms from exec to exit"
echo
printf '%-5s %-15s %10s %9s %7s   %8s %9s\n' book query search_ms total hits grep_ms grep_count
queries=("the" "Natasha" '"Prince Andrew"')
patterns=('\bthe' '\bnatasha' '\bprince[[:space:]]+andrew')
for book in one many; do
  if [[ $book == one ]]; then slug=$one; else slug=$many; fi
  for q in 0 1 2; do
    times=() gtimes=() total="" count=""
    for ((i = 0; i < runs; i++)); do
      read -r ms t h < <(search_once "$slug" "${queries[$q]}")
      if [[ -z ${t:-} || $t == null || $t -le 0 || $h -ne $((t < 200 ? t : 200)) || ( -n $total && $t != "$total" ) ]]; then
        echo "bench-search.sh: search $book '${queries[$q]}' gave total '${t:-}' and ${h:-no} hits (run $((i + 1)))" >&2
        exit 1
      fi
      total=$t hits=$h times+=("$ms")
      read -r gms count < <(grep_once "$tmp/$book.txt" "${patterns[$q]}")
      gtimes+=("$gms")
    done
    printf '%-5s %-15s %10.1f %9d %7d   %8.1f %9d\n' "$([[ $book == one ]] && echo one || echo 365)" "${queries[$q]}" \
      "$(bench_median "${times[@]}")" "$total" "$hits" "$(bench_median "${gtimes[@]}")" "$count"
  done
done

# The same search beside other projects: a second database holding the
# one-chapter book and ten more copies of the novel (365 chapters each),
# against the first, where the one-chapter book is beside one copy only.
# A search must read its own project's part of the index alone (its
# words' entries in the project's range, the prefix's words listed from
# the index's word list): the two should be close.
crowd=$tmp/crowd.db
crowd_one=$("$cli" --db "$crowd" import --title "One chapter" "$tmp/one.md")
for ((c = 1; c <= 10; c++)); do
  "$cli" --db "$crowd" import --title "Copy $c" --no-unwrap "$novel" >/dev/null
done
echo
echo "the one-chapter book beside 1 other copy (as above) and beside 10 (3,650 more chapters), medians of $runs runs"
printf '%-15s %12s %12s
' query beside_1_ms beside_10_ms
for q in 0 1; do
  alone=() crowded=()
  for ((i = 0; i < runs; i++)); do
    read -r ms t h < <(search_once "$one" "${queries[$q]}")
    start=$(now_ms)
    out=$("$cli" --db "$crowd" search "$crowd_one" "${queries[$q]}" --limit 200 --json)
    end=$(now_ms)
    if [[ $(jq '.total' <<<"$out") != "$t" ]]; then
      echo "bench-search.sh: '${queries[$q]}' beside 10 copies gave $(jq '.total' <<<"$out") occurrences, not $t" >&2
      exit 1
    fi
    alone+=("$ms") crowded+=("$(echo "$end - $start" | bc -l)")
  done
  printf '%-15s %12.1f %12.1f
' "${queries[$q]}" "$(bench_median "${alone[@]}")" "$(bench_median "${crowded[@]}")"
done

# replace_once SLUG FROM TO: prints "MS REPLACED"
replace_once() {
  local start end out
  start=$(now_ms)
  if ! out=$("$cli" --db "$db" replace "$1" "$2" "$3" --json); then
    echo "bench-search.sh: replace $1 '$2' '$3' failed" >&2
    return 1
  fi
  end=$(now_ms)
  echo "$(echo "$end - $start" | bc -l) $(jq '.replaced' <<<"$out")"
}

# sed_once FILE FROM TO: prints "MS"
sed_once() {
  local start end
  start=$(now_ms)
  sed -i -E "s/\\b$2\\b/$3/g" "$1"
  end=$(now_ms)
  echo "$(echo "$end - $start" | bc -l)"
}

echo
echo "replace Natasha with a word the book does not hold (Nataqwz) and back, medians of $runs runs, ms from exec to exit"
printf '%-5s %9s %10s %10s   %8s\n' book replaced there_ms back_ms sed_ms
for book in one many; do
  if [[ $book == one ]]; then slug=$one; else slug=$many; fi
  expected=$("$cli" --db "$db" replace "$slug" Natasha Nataqwz --dry-run --json | jq .replaced)
  there=() back=() seds=()
  for ((i = 0; i < runs; i++)); do
    read -r ms n < <(replace_once "$slug" Natasha Nataqwz)
    read -r bms bn < <(replace_once "$slug" Nataqwz Natasha)
    if [[ -z ${n:-} || $n -le 0 || $n != "$expected" || ${bn:-} != "$expected" ]]; then
      echo "bench-search.sh: replace in $book replaced '${n:-}' and back '${bn:-}', not $expected (run $((i + 1)))" >&2
      exit 1
    fi
    there+=("$ms") back+=("$bms")
    seds+=("$(sed_once "$tmp/$book.txt" Natasha Nataqwz)")
    sed_once "$tmp/$book.txt" Nataqwz Natasha >/dev/null
  done
  printf '%-5s %9d %10.1f %10.1f   %8.1f\n' "$([[ $book == one ]] && echo one || echo 365)" "$expected" \
    "$(bench_median "${there[@]}")" "$(bench_median "${back[@]}")" "$(bench_median "${seds[@]}")"
done

if command -v sqlite3 >/dev/null; then
  id=$(sqlite3 "$db" "SELECT id FROM projects WHERE slug = '$one'")
  # The index as it was before schema 17 (whole chapters, its text read
  # from the chapters table), built untimed in a copy of the database.
  cp "$db" "$tmp/old-index.db"
  sqlite3 "$tmp/old-index.db" "CREATE VIRTUAL TABLE old_fts USING fts5 (title, content_md, content='chapters',
    content_rowid='id', tokenize='unicode61 remove_diacritics 2'); INSERT INTO old_fts (old_fts) VALUES ('rebuild');"
  start=$(now_ms)
  n=$(sqlite3 "$tmp/old-index.db" "SELECT length(snippet(old_fts, 1, '[', ']', '…', 16)) FROM old_fts JOIN chapters c ON c.id = old_fts.rowid WHERE old_fts MATCH '\"the\"*' AND c.project_id = $id ORDER BY rank LIMIT 20" | wc -l)
  if [[ $n != 1 ]]; then
    echo "bench-search.sh: the query with snippet() gave $n rows, not 1" >&2
    exit 1
  fi
  end=$(now_ms)
  echo
  printf 'before (FTS5 snippet() over the one chapter, sqlite3 command line, 1 run): %.0f ms for %s hit\n' \
    "$(echo "$end - $start" | bc -l)" "$n"
fi
