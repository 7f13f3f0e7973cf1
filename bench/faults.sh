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
set -Eeuo pipefail
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
cli_init
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
    run_killed "$max" "${cli_exec[@]}" --db "$db" import "$work/books/$book.txt"
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

# ==== SIGKILL during export ===========================================================
# valid FORMAT FILE: a whole EPUB (its zip tested) or PDF (its pages read)
valid() {
  case $1 in
    epub) unzip -tq "$2" >/dev/null 2>&1 ;;
    pdf) [[ $(pdfinfo "$2" 2>/dev/null | awk '/^Pages:/ { print $2 }') == "$pdf_pages" ]] ;;
  esac
}

# attack_export FORMAT LABEL
attack_export() {
  local fmt=$1 db=$work/export/db/draftforge.db out=$work/export/out times=() r
  local dest=$work/export/out/book.$1 prev now last job stuck others
  local n_killed=0 n_finished=0 n_ok=0 n_left=0 n_stuck=0 n_interrupted=0 n_completed=0 n_nojob=0 n_intact=0 n_new=0 n_bad=0
  row_begin "SIGKILL during \`export\` of War and Peace to $2"
  rm -rf "$work/export" && mkdir -p "$work/export/db" "$out"
  cp "$work/base/both/draftforge.db" "$db"
  for r in 1 2 3; do
    times+=("$(time_ms cli --db "$db" export $wp --format "$fmt" -o "$dest")")
  done
  if [[ $fmt == pdf ]]; then
    pdf_pages=$(pdfinfo "$dest" | awk '/^Pages:/ { print $2 }')
  fi
  if ! valid "$fmt" "$dest"; then
    fail "the export made before the kills is not a whole $2 file"
  fi
  prev=$(sha "$dest")
  local max=$(($(median "${times[@]}") * 12 / 10))
  for ((r = 1; r <= rounds; r++)); do
    last=$(q "$db" "SELECT coalesce(max(id), 0) FROM export_jobs")
    run_killed "$max" "${cli_exec[@]}" --db "$db" export $wp --format "$fmt" -o "$dest"
    if ((killed)); then n_killed=$((n_killed + 1)); else n_finished=$((n_finished + 1)); fi
    if ((rc != 0 && rc != 137)); then
      fail "round $r: the export failed by itself (status $rc): $(head -c 300 "$tmp/killed.err")"
    fi
    runc next cli --db "$db" project list
    if ((rc != 0)); then
      fail "round $r (killed at $kill_ms ms): the next start failed: $(head -c 300 "$tmp/next.err")"
      continue
    fi
    others=$(ls -A "$out" | grep -vx "book.$fmt" | tr '\n' ' ' || true)
    if [[ -n $others ]]; then
      n_left=$((n_left + 1))
      fail "round $r (killed at $kill_ms ms): left beside the book after the next start: $others"
      rm -f "$out"/.book.*
    fi
    stuck=$(q "$db" "SELECT count(*) FROM export_jobs WHERE status IN ('queued', 'processing')")
    if ((stuck > 0)); then
      n_stuck=$((n_stuck + 1))
      fail "round $r (killed at $kill_ms ms): $stuck export jobs still queued or processing after the next start"
    fi
    job=$(q "$db" "SELECT status || ' ' || coalesce(error, '') FROM export_jobs WHERE id > $last ORDER BY id")
    now=$(sha "$dest")
    case $job in
      "") n_nojob=$((n_nojob + 1)) ;;
      "failed interrupted") n_interrupted=$((n_interrupted + 1))
        if ((!killed)); then fail "round $r: the export finished, yet its job says interrupted"; fi ;;
      "completed ") n_completed=$((n_completed + 1)) ;;
      *) fail "round $r (killed at $kill_ms ms): the job's row says: $job" ;;
    esac
    # Two exports in the same second may be the same bytes: a completed
    # job is checked against the SHA-256 it recorded.
    if [[ $job == "completed " ]]; then
      if [[ $now == "$(q "$db" "SELECT output_sha256 FROM export_jobs WHERE id > $last")" ]]; then
        n_new=$((n_new + 1))
      else
        fail "round $r (killed at $kill_ms ms): the job says completed, but the file at the destination is not the one it wrote"
      fi
    elif ((!killed)); then
      fail "round $r: the export finished (status 0), yet its job says: ${job:-nothing}"
    elif [[ $now == "$prev" ]]; then
      n_intact=$((n_intact + 1))
    elif valid "$fmt" "$dest"; then
      n_new=$((n_new + 1))
    else
      n_bad=$((n_bad + 1))
      fail "round $r (killed at $kill_ms ms): the file at the destination is neither the earlier export nor a whole new one"
    fi
    prev=$now
    if [[ $(integrity "$db") == ok ]]; then n_ok=$((n_ok + 1)); else fail "round $r: integrity_check: $(integrity "$db")"; fi
  done
  row_end "$rounds" "no temporary file left after the next start; the job \`failed\`/\`interrupted\` (or \`completed\`), none left \`processing\`; the earlier export at the destination intact, or replaced by a whole new one" \
    "kills at 0–$max ms: $n_killed mid-export, $n_finished after it ended; temporary files left $n_left; jobs interrupted $n_interrupted, completed $n_completed, not yet recorded $n_nojob, left processing $n_stuck; destination: the earlier export intact $n_intact, a whole new one $n_new, neither $n_bad; integrity ok $n_ok/$rounds"
}

attack_export epub EPUB
attack_export pdf PDF

# ==== SIGKILL while saving in a loop ==================================================
# chapter_id DB N: the id of chapter N of Pride and Prejudice
chapter_id() {
  q "$1" "SELECT c.id FROM chapters c JOIN projects p ON p.id = c.project_id WHERE p.slug = '$pp' AND c.number = $2"
}
# newest_revision DB N: the hash of chapter N's newest revision
newest_revision() {
  q "$1" "SELECT content_hash FROM chapter_revisions WHERE chapter_id = $(chapter_id "$1" "$2") ORDER BY id DESC LIMIT 1"
}

attack_saves() {
  local db=$work/saves/draftforge.db r c k i n h times=() chosen new before
  local n_killed=0 n_finished=0 n_ok=0 n_reported=0 n_there=0 n_kept=0 n_committed=0 n_absent=0 n_quiet=0
  declare -A expect
  row_begin "SIGKILL during \`chapter write\`, saving in a loop"
  rm -rf "$work/saves" && mkdir -p "$work/saves"
  cp "$work/base/pp/draftforge.db" "$db"
  while read -r n h; do expect[$n]=$h; done < <(hashes "$db" $pp)
  for r in 1 2 3; do
    text_file "$tmp/save.txt" "Timing save $r" 3000
    times+=("$(time_ms cli --db "$db" chapter write $pp "$r" "$tmp/save.txt")")
    expect[$r]=$(sha "$tmp/save.txt")
  done
  local max=$(($(median "${times[@]}") * 12 / 10))
  for ((r = 1; r <= rounds; r++)); do
    k=$((1 + $(rnd 4)))
    mapfile -t chosen < <(shuf -i 1-61 -n $((k + 1)))
    for ((i = 0; i < k; i++)); do
      c=${chosen[$i]}
      text_file "$tmp/save.txt" "Round $r, save $((i + 1)), chapter $c" 3000
      before=${expect[$c]}
      runc save cli --db "$db" chapter write $pp "$c" "$tmp/save.txt"
      if ((rc != 0)); then
        fail "round $r: a save with no fault failed (status $rc): $(head -c 300 "$tmp/save.err")"
        continue
      fi
      expect[$c]=$(sha "$tmp/save.txt")
      n_reported=$((n_reported + 1))
      if [[ $(newest_revision "$db" "$c") == "$before" ]]; then n_kept=$((n_kept + 1)); else fail "round $r: chapter $c's text before the save is not its newest revision"; fi
    done
    c=${chosen[$k]}
    text_file "$tmp/save.txt" "Round $r, the killed save, chapter $c" 3000
    new=$(sha "$tmp/save.txt")
    run_killed "$max" "${cli_exec[@]}" --db "$db" chapter write $pp "$c" "$tmp/save.txt"
    if ((killed)); then n_killed=$((n_killed + 1)); else n_finished=$((n_finished + 1)); fi
    if ((rc != 0 && rc != 137)); then
      fail "round $r: the save failed by itself (status $rc): $(head -c 300 "$tmp/killed.err")"
    fi
    # The next start: a note on stderr would mean saves were lost.
    runc next cli --db "$db" project list
    if ((rc != 0)); then
      fail "round $r (killed at $kill_ms ms): the next start failed: $(head -c 300 "$tmp/next.err")"
      continue
    fi
    if [[ -s $tmp/next.err ]]; then
      fail "round $r (killed at $kill_ms ms): the next start said: $(head -c 300 "$tmp/next.err")"
    else
      n_quiet=$((n_quiet + 1))
    fi
    while read -r n h; do
      if ((n == c)); then
        if [[ $h == "$new" ]]; then
          n_committed=$((n_committed + 1))
          before=${expect[$c]}
          expect[$c]=$new
          if [[ $(newest_revision "$db" "$c") != "$before" ]]; then fail "round $r: chapter $c's text before the killed save is not its newest revision"; fi
        elif [[ $h == "${expect[$c]}" ]]; then
          n_absent=$((n_absent + 1))
          if ((!killed)); then fail "round $r: the save finished (status 0), yet it is not there"; fi
        else
          fail "round $r (killed at $kill_ms ms): chapter $c holds neither its last save nor the killed one"
          expect[$c]=$h
        fi
      elif [[ $h != "${expect[$n]}" ]]; then
        fail "round $r: chapter $n lost its last reported save"
        expect[$n]=$h
      fi
    done < <(hashes "$db" $pp)
    if [[ $(integrity "$db") == ok ]]; then n_ok=$((n_ok + 1)); else fail "round $r: integrity_check: $(integrity "$db")"; fi
  done
  # Every reported save was the newest of its chapter when checked.
  n_there=$((n_reported - $(printf '%s\n' "${failures[@]}" | grep -c "^$row_name: round .*lost its last reported save" || true)))
  row_end "$rounds" "every save reported (exit 0) is there, all 61 chapters checked after each kill; the killed save whole or not there; its old text the newest revision; no note of lost saves at the next start; integrity_check ok" \
    "kills at 0–$max ms ($((max * 10 / 12)) ms: a median save of 3,000 lines): $n_killed mid-save, $n_finished after it ended; reported saves there $n_there/$n_reported (old text kept as a revision $n_kept/$n_reported); killed save committed anyway $n_committed, not there $n_absent, half-written 0; next start quiet $n_quiet/$rounds; integrity ok $n_ok/$rounds"
}

attack_saves

# ---- the table ------------------------------------------------------------------
echo "| attack | rounds | what a user would check | result |"
echo "|---|---|---|---|"
for row in "${rows[@]}"; do
  IFS='|' read -r a n c res <<<"$row"
  echo "| $a | $n | $c | $res |"
done
