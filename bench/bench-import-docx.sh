#!/usr/bin/env bash
# Times `draftforge-cli import` of War and Peace as a Word document and
# as an OpenDocument text, beside the peer a writer would otherwise
# convert them with: pandoc reading the same file into Markdown.
# Optimised build without sanitizers; not part of the test suite.
#
# The .docx and .odt are written here by pandoc from the novel (each
# "BOOK" line a level-1 heading, each "CHAPTER" line a level-2 one: parts
# over chapters), never committed.  Each run is checked: the import's exit status and
# `--json`, then the project's chapters (the novel's chapter headings) and
# words (within 1% of pandoc's own Markdown of the same file, counted the
# same way); pandoc's exit status and output.  Medians of RUNS runs.
#
# Usage: bench/bench-import-docx.sh [RUNS]     (default: 5)
# Needs pandoc and jq.  The build goes to build-bench-import/.
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=bench/bench-lib.sh
source "$root/bench/bench-lib.sh"
build=$root/build-bench-import
runs=${1:-5}
bench_check_runs bench-import-docx.sh "$runs"
corpus=${DRAFTFORGE_CORPUS:-$root/../shared/corpus}
novel=$corpus/novels/war-and-peace.txt
if [[ ! -f $novel ]]; then
  echo "bench-import-docx.sh: $novel is not there (set DRAFTFORGE_CORPUS)" >&2
  exit 1
fi
for tool in pandoc jq; do
  if ! command -v "$tool" >/dev/null; then
    echo "bench-import-docx.sh: $tool is not installed (apt install $tool)" >&2
    exit 1
  fi
done

bench_build "$root" "$build" src/draftforge-cli

work=$(mktemp -d "${TMPDIR:-/tmp}/draftforge-bench-docx.XXXXXX")
trap 'rm -rf "$work"' EXIT
export XDG_DATA_HOME=$work/data XDG_CONFIG_HOME=$work/config XDG_CACHE_HOME=$work/cache
cli=$build/src/draftforge-cli

# The novel as Markdown (headings marked), then as a Word document.
sed -E 's/^(BOOK [A-Z]+.*)$/# \1/; s/^(CHAPTER [IVXLC]+.*)$/## \1/' "$novel" >"$work/war-and-peace.md"
chapters=$(grep -c '^## ' "$work/war-and-peace.md")
if ((chapters < 300)); then
  echo "FAILED: found $chapters chapter headings in the novel; expected over 300" >&2
  exit 1
fi
pandoc -f markdown-smart "$work/war-and-peace.md" -o "$work/war-and-peace.docx"
pandoc -f markdown-smart "$work/war-and-peace.md" -o "$work/war-and-peace.odt"

# seconds START_NS END_NS
seconds() {
  awk -v ns=$(($2 - $1)) 'BEGIN { printf "%.3f", ns / 1e9 }'
}

# bench FORMAT: RUNS imports of the novel as FORMAT and RUNS pandoc
# readings of it, each checked; prints both medians
bench() {
  local format=$1 doc=$work/war-and-peace.$1 pandoc_words got got_chapters got_words slug out t0 t1
  local df_times=() pandoc_times=()
  pandoc_words=$(pandoc -f "$format" -t plain "$doc" | wc -w)
  for ((i = 1; i <= runs; i++)); do
    db=$work/run.db
    rm -f "$db" "$db"-*
    t0=$(date +%s%N)
    if ! out=$("$cli" --db "$db" import --json "$doc"); then
      echo "FAILED: draftforge-cli import of the .$format did not succeed" >&2
      exit 1
    fi
    t1=$(date +%s%N)
    slug=$(jq -r .slug <<<"$out")
    got=$("$cli" --db "$db" project show "$slug" --json)
    got_chapters=$(jq .chapters <<<"$got")
    got_words=$(jq .words <<<"$got")
    if ((got_chapters < chapters)); then
      echo "FAILED: the .$format import made $got_chapters chapters; the novel has $chapters" >&2
      exit 1
    fi
    if ((got_words * 100 < pandoc_words * 99 || got_words * 100 > pandoc_words * 101)); then
      echo "FAILED: the .$format import holds $got_words words; pandoc reads $pandoc_words" >&2
      exit 1
    fi
    df_times+=("$(seconds "$t0" "$t1")")

    t0=$(date +%s%N)
    if ! pandoc -f "$format" -t markdown "$doc" -o "$work/pandoc.md" || [[ ! -s $work/pandoc.md ]]; then
      echo "FAILED: pandoc did not convert the .$format" >&2
      exit 1
    fi
    t1=$(date +%s%N)
    pandoc_times+=("$(seconds "$t0" "$t1")")
  done

  printf 'War and Peace as .%s (%s KB, %s chapters, %s words)\n' "$format" "$(($(stat -c %s "$doc") / 1024))" \
    "$got_chapters" "$got_words"
  printf '  %-44s median %s s over %d runs (%s)\n' "draftforge-cli import (into a new database)" \
    "$(bench_median "${df_times[@]}")" "$runs" "${df_times[*]}"
  printf '  %-44s median %s s over %d runs (%s)\n' "pandoc -f $format -t markdown" \
    "$(bench_median "${pandoc_times[@]}")" "$runs" "${pandoc_times[*]}"
}

bench docx
bench odt
