#!/usr/bin/env bash
# The store under faults: attacks the real programs (draftforge-cli, and
# DraftForge itself under Xvfb) on real SQLite files holding the corpus,
# then checks what a user would check, and prints one Markdown table of
# what survived.  Not part of the test suite.
#
#   - SIGKILL during `import` (War and Peace; and four times over, which
#     commits in two batches), during `export` (EPUB and PDF), during
#     `chapter write` in a loop;
#   - one page of the file overwritten (the projects table, the chapters
#     table, two indexes, the search index);
#   - a damaged journal (-wal): a flipped byte, a bad header, a cut in the
#     middle of a frame;
#   - a full disk (a small tmpfs: needs root and mount; skipped otherwise);
#   - a read-only file, a read-only folder (as root, the program under
#     test runs without CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH);
#   - four command lines writing while the window shows chapter 1, a
#     fifth writing chapter 1, and typing in the window.
#
# Usage: bash bench/faults.sh [ROUNDS]     (default 50: kills, journals,
# full-disk saves; the damaged pages and window runs take ROUNDS/10 each)
# BUILD=DIR uses that build (its targets are brought up to date);
# otherwise an optimised build goes to build-bench-faults/.  The corpus
# is read from ../shared/corpus beside the repository, or from
# $DRAFTFORGE_CORPUS.  Needs sqlite3 (with dbstat), jq, unzip, pdfinfo,
# setpriv, xvfb-run and xdotool.
#
# Exit status: 0 when every attack ran and every check held; 1 when a
# check failed (each failure is listed after the table); 2 when nothing
# failed but an attack could not run here (the table says SKIPPED).
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail
trap 'echo "faults.sh: a step failed (line $LINENO)" >&2' ERR

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
source "$root/bench/bench-lib.sh"
source "$root/bench/faults-lib.sh"

# ---- outside Xvfb: checks, build ---------------------------------------------
if [[ ${1:-} != --inner ]]; then
  rounds=${1:-50}
  bench_check_runs faults.sh "$rounds"
  corpus=${DRAFTFORGE_CORPUS:-$root/../shared/corpus}
  if [[ ! -r $corpus/novels/war-and-peace.txt || ! -r $corpus/novels/pride-and-prejudice.txt ]]; then
    echo "faults.sh: the novels are missing from $corpus/novels; put the corpus at ../shared/corpus beside the repository or set DRAFTFORGE_CORPUS" >&2
    exit 1
  fi
  for tool in sqlite3 jq unzip pdfinfo setpriv xvfb-run xdotool; do
    if ! command -v $tool >/dev/null; then
      echo "faults.sh: $tool is missing (apt-get install sqlite3 jq unzip poppler-utils util-linux xvfb xdotool)" >&2
      exit 1
    fi
  done
  if ! sqlite3 :memory: 'SELECT count(*) FROM dbstat' >/dev/null 2>&1; then
    echo "faults.sh: this sqlite3 has no dbstat table, which finds a table's pages" >&2
    exit 1
  fi
  targets=(src/draftforge src/draftforge-cli plugins/exporter/libdraftforge-exporter.so
           plugins/exporter/exporter.plugin data/gschemas.compiled)
  if [[ -n ${BUILD:-} ]]; then
    build=$(cd "$BUILD" && pwd)
    ninja -C "$build" -j2 "${targets[@]}" >/dev/null
  else
    build=$root/build-bench-faults
    bench_build "$root" "$build" "${targets[@]}"
  fi
  bus=()
  if command -v dbus-run-session >/dev/null; then
    bus=(dbus-run-session --)
  fi
  exec xvfb-run -a -s "-screen 0 1280x800x24" "${bus[@]}" \
    bash "$root/bench/faults.sh" --inner "$rounds" "$build" "$(cd "$corpus" && pwd)" \
    2> >(grep --line-buffered -v 'dbus-daemon' >&2)
fi

# ---- inside Xvfb ------------------------------------------------------------------
rounds=$2 build=$3 corpus=$4
novel_wp=$corpus/novels/war-and-peace.txt
novel_pp=$corpus/novels/pride-and-prejudice.txt
few=$((rounds / 10 > 0 ? rounds / 10 : 1))
export DRAFTFORGE_PLUGIN_PATH=$build/plugins
unset DRAFTFORGE_DB

work=$(mktemp -d "${TMPDIR:-/tmp}/draftforge-faults.XXXXXX")
tmp=$work/tmp
mkdir -p "$tmp"
full=""          # the tmpfs, while mounted
writers=()       # the window attack's writers, while running
cleanup() {
  local pid
  for pid in "${writers[@]}" ${app_pid:+"$app_pid"}; do
    kill -KILL "$pid" 2>/dev/null || true
  done
  if [[ -n $full ]] && mountpoint -q "$full"; then
    umount "$full" || echo "faults.sh: could not unmount the tmpfs at $full" >&2
  fi
  chmod -R u+rwX "$work" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

pp=pride-and-prejudice
wp=war-and-peace

# Without root's powers over files, for the read-only attacks.
unprivileged=()
if ((EUID == 0)); then
  unprivileged=(setpriv --inh-caps=-dac_override,-dac_read_search
                --bounding-set=-dac_override,-dac_read_search --)
fi

# ---- the books ------------------------------------------------------------------
# base/pp: Pride and Prejudice; base/both: and War and Peace;
# war-and-peace-x4.txt: War and Peace four times over (1,460 chapters).
mkdir -p "$work/base/pp" "$work/base/both" "$work/books"
cli --db "$work/base/pp/draftforge.db" import "$novel_pp" >/dev/null
cp "$work/base/pp/draftforge.db" "$work/base/both/"
cli --db "$work/base/both/draftforge.db" import "$novel_wp" >/dev/null
cp "$novel_wp" "$work/books/$wp.txt"
for i in 1 2 3 4; do cat "$novel_wp"; done >"$work/books/$wp-x4.txt"
pp_words=$(cli --db "$work/base/pp/draftforge.db" project show $pp --json | jq .words)
pp_hashes=$(hashes "$work/base/pp/draftforge.db" $pp)
declare -A book_words
for book in "$wp" "$wp-x4"; do
  cli --db "$tmp/ref.db" import "$work/books/$book.txt" >/dev/null
  book_words[$book]=$(cli --db "$tmp/ref.db" project show "$book" --json | jq .words)
  rm -f "$tmp/ref.db"*
done

# ==== SIGKILL during import ===========================================================
# attack_import BOOK CHAPTERS LABEL
attack_import() {
  local book=$1 chapters=$2 db=$work/import/draftforge.db times=() r
  local n_killed=0 n_finished=0 n_ok=0 n_whole=0 n_absent=0 n_hidden_before=0 n_hidden_after=0 n_pp=0
  row_begin "SIGKILL during \`import\` of $3"
  for r in 1 2 3; do
    rm -rf "$work/import" && mkdir -p "$work/import" && cp "$work/base/pp/draftforge.db" "$db"
    times+=("$(time_ms cli --db "$db" import "$work/books/$book.txt")")
  done
  local max=$(($(median "${times[@]}") * 12 / 10))
  for ((r = 1; r <= rounds; r++)); do
    rm -rf "$work/import" "$tmp/look" && mkdir -p "$work/import" "$tmp/look"
    cp "$work/base/pp/draftforge.db" "$db"
    run_killed "$max" cli --db "$db" import "$work/books/$book.txt"
    if ((killed)); then n_killed=$((n_killed + 1)); else n_finished=$((n_finished + 1)); fi
    if ((rc != 0 && rc != 137)); then
      fail "round $r: the import failed by itself (status $rc): $(head -c 300 "$tmp/killed.err")"
    fi
    # What the kill left, seen on a copy (the shell would replay the journal).
    cp "$work/import/"* "$tmp/look/"
    if (($(q "$tmp/look/draftforge.db" "SELECT count(*) FROM projects WHERE settings LIKE '%draftforge_import%'") > 0)); then
      n_hidden_before=$((n_hidden_before + 1))
    fi
    # The next start.
    runc next cli --db "$db" project list --json
    if ((rc != 0)); then
      fail "round $r (killed at $kill_ms ms): the next start failed: $(head -c 300 "$tmp/next.err")"
      continue
    fi
    local ic
    ic=$(integrity "$db")
    if [[ $ic == ok ]]; then n_ok=$((n_ok + 1)); else fail "round $r: integrity_check: $ic"; fi
    if (($(q "$db" "SELECT count(*) FROM projects WHERE settings LIKE '%draftforge_import%'") > 0)); then
      n_hidden_after=$((n_hidden_after + 1))
      fail "round $r (killed at $kill_ms ms): a hidden half-import is still there after the next start"
    fi
    local listed total
    listed=$(jq -r '.[].slug' "$tmp/next.out" | sort | tr '\n' ' ')
    total=$(q "$db" "SELECT count(*) FROM chapters")
    if [[ $listed == "$(printf '%s\n' "$book" $pp | sort | tr '\n' ' ')" ]]; then
      local show
      show=$(cli --db "$db" project show "$book" --json)
      if [[ $(jq .chapters <<<"$show") == "$chapters" && $(jq .words <<<"$show") == "${book_words[$book]}" &&
            $total == $((chapters + 61)) ]]; then
        n_whole=$((n_whole + 1))
      else
        fail "round $r (killed at $kill_ms ms): the book is listed with $(jq .chapters <<<"$show") chapters, $(jq .words <<<"$show") words ($total chapter rows in the file)"
      fi
    elif [[ $listed == "$pp " ]]; then
      if [[ $total == 61 && $(q "$db" "SELECT count(*) FROM projects") == 1 ]]; then
        n_absent=$((n_absent + 1))
      else
        fail "round $r (killed at $kill_ms ms): no book listed, yet $total chapter rows and $(q "$db" "SELECT count(*) FROM projects") project rows in the file"
      fi
      if ((killed == 0)); then
        fail "round $r: the import finished (status 0), yet the book is not listed"
      fi
    else
      fail "round $r (killed at $kill_ms ms): the projects listed are: $listed"
    fi
    if [[ $(hashes "$db" $pp) == "$pp_hashes" &&
          $(cli --db "$db" project show $pp --json | jq .words) == "$pp_words" ]]; then
      n_pp=$((n_pp + 1))
    else
      fail "round $r: Pride and Prejudice, there before, changed"
    fi
  done
  row_end "$rounds" "integrity_check ok; the book whole ($chapters chapters) or not there at all; the book already there untouched; no hidden half-import after the next start" \
    "kills at 0–$max ms: $n_killed mid-import, $n_finished after it ended; integrity ok $n_ok/$rounds; whole-or-nothing $((n_whole + n_absent))/$rounds (whole $n_whole, absent $n_absent); the other book intact $n_pp/$rounds; hidden half-imports: $n_hidden_before left by the kill, $n_hidden_after after the next start"
}

attack_import "$wp" 365 "War and Peace (365 chapters)"
attack_import "$wp-x4" 1460 "War and Peace four times over (1,460 chapters, two batches)"

# ---- the table ------------------------------------------------------------------
echo "| attack | rounds | what a user would check | result |"
echo "|---|---|---|---|"
for row in "${rows[@]}"; do
  IFS='|' read -r a n c res <<<"$row"
  echo "| $a | $n | $c | $res |"
done
