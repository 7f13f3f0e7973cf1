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
# full-disk saves; damaged pages, full-disk exports and window runs take
# ROUNDS/10 each; the read-only cases run once)
# FAULTS_ONLY="wal window" runs only those attacks (import export saves
# page wal full readonly window); the run then exits 2 at best.
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

# want ATTACK: FAULTS_ONLY (import export saves page wal full readonly
# window, separated by spaces) is unset or names it
want() { [[ -z ${FAULTS_ONLY:-} || " $FAULTS_ONLY " == *" $1 "* ]]; }

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

want import && attack_import "$wp" 365 "War and Peace (365 chapters)"
want import && attack_import "$wp-x4" 1460 "War and Peace four times over (1,460 chapters, two batches)"

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

want export && attack_export epub EPUB
want export && attack_export pdf PDF

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
  local med
  med=$(median "${times[@]}")
  local max=$((med * 12 / 10))
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
    "saves of 3,000 lines (median $med ms), kills at 0–$max ms: $n_killed mid-save, $n_finished after it ended; reported saves there $n_there/$n_reported (old text kept as a revision $n_kept/$n_reported); killed save committed anyway $n_committed, not there $n_absent, half-written 0; next start quiet $n_quiet/$rounds; integrity ok $n_ok/$rounds"
}

want saves && attack_saves

# ==== one page of the file overwritten ==================================================
# has_file GLOB: a file matches GLOB
has_file() { compgen -G "$1" >/dev/null; }

# $work/base/kept: Pride and Prejudice, opened once in DraftForge, which
# kept a backup of it at its start (draftforge-backups/)
kept_prepare() {
  local kept=$work/base/kept
  if [[ -d $kept ]]; then
    return
  fi
  mkdir -p "$kept"
  cp "$work/base/pp/draftforge.db" "$kept/"
  if ! app_start "$tmp/app.log" --db "$kept/draftforge.db" --project $pp; then
    echo "faults.sh: DraftForge's window did not open: $(tail -c 300 "$tmp/app.log")" >&2
    exit 1
  fi
  if ! poll 60 has_file "$kept/draftforge-backups/*.db"; then
    echo "faults.sh: DraftForge kept no backup at its start: $(tail -c 300 "$tmp/app.log")" >&2
    exit 1
  fi
  if ! app_quit || [[ -e $kept/draftforge.db-wal ]]; then
    echo "faults.sh: DraftForge did not quit on Ctrl+Q, or left its journal: $(tail -c 300 "$tmp/app.log")" >&2
    exit 1
  fi
}

attack_page() {
  local kept=$work/base/kept dir=$work/page db=$work/page/draftforge.db r i t obj what page dsha ps said
  local n_rounds=0 n_said=0 n_cmd_damaged=0 n_cmd_same=0 n_cmd_wrong=0 n_file=0 n_backups=0 n_restored=0 n_window=0
  local cmds=("project list" "project show $pp" "chapter list $pp" "chapter cat $pp 1" "search $pp truth universally")
  local targets=("projects:the projects table" "chapters:the chapters table"
                 "sqlite_autoindex_projects_1:the index of slugs" "chapters_project:the index of chapters by project"
                 "chapters_fts_data:the search index")
  local ref=() pages=() backups
  row_begin "One page of the file overwritten with random bytes"
  backups=$(snapshot "$kept/draftforge-backups")
  ps=$(q "$kept/draftforge.db" "PRAGMA page_size")
  for i in "${!cmds[@]}"; do
    runc ref cli --db "$kept/draftforge.db" ${cmds[$i]}
    ref[$i]=$(sha "$tmp/ref.out")
  done

  for t in "${targets[@]}"; do
    obj=${t%%:*} what=${t#*:}
    mapfile -t pages < <(q "$kept/draftforge.db" "SELECT pageno FROM dbstat WHERE name = '$obj' AND pagetype IN ('leaf', 'internal')")
    for ((r = 1; r <= few; r++)); do
      n_rounds=$((n_rounds + 1))
      rm -rf "$dir" && cp -r "$kept" "$dir"
      page=${pages[$(rnd ${#pages[@]})]}
      head -c "$ps" /dev/urandom | dd of="$db" bs="$ps" seek=$((page - 1)) conv=notrunc status=none
      dsha=$(sha "$db")
      said=0
      for i in "${!cmds[@]}"; do
        runc cmd cli --db "$db" ${cmds[$i]}
        if grep -q 'is damaged' "$tmp/cmd.err" && grep -q 'backup restore' "$tmp/cmd.err"; then
          said=1 n_cmd_damaged=$((n_cmd_damaged + 1))
        elif ((rc == 0)) && [[ $(sha "$tmp/cmd.out") == "${ref[$i]}" ]]; then
          n_cmd_same=$((n_cmd_same + 1))
        else
          n_cmd_wrong=$((n_cmd_wrong + 1))
          fail "$what, page $page: \`${cmds[$i]}\` (status $rc) said: $(head -c 200 "$tmp/cmd.err")$(head -c 200 "$tmp/cmd.out" | tr '\n' ' ')"
        fi
      done
      if ((said)); then n_said=$((n_said + 1)); fi
      if [[ $(sha "$db") == "$dsha" ]]; then n_file=$((n_file + 1)); else fail "$what, page $page: the command line changed the damaged file"; fi
      # DraftForge started on it: it must not back the damaged file up.
      if app_start "$tmp/app.log" --db "$db"; then
        if app_quit; then n_window=$((n_window + 1)); else fail "$what, page $page: DraftForge did not quit on Ctrl+Q"; fi
      else
        fail "$what, page $page: DraftForge's window did not open: $(tail -c 300 "$tmp/app.log")"
        app_quit || true
      fi
      if [[ $(snapshot "$dir/draftforge-backups") == "$backups" ]]; then
        n_backups=$((n_backups + 1))
      else
        fail "$what, page $page: the backups changed at the start with the damaged file: $(snapshot "$dir/draftforge-backups" | tr '\n' ' ')"
      fi
      if [[ -f $db && $(sha "$db") != "$dsha" ]]; then fail "$what, page $page: DraftForge changed the damaged file"; fi
      # Brought back from the backup.
      runc list cli --db "$db" backup list --json
      if ((rc != 0)) || [[ $(jq '.[0].good' "$tmp/list.out") != true ]]; then
        fail "$what, page $page: \`backup list\` offers no good backup: $(head -c 300 "$tmp/list.err")"
      fi
      runc restore cli --db "$db" backup restore
      if ((rc != 0)); then
        fail "$what, page $page: \`backup restore\` failed: $(head -c 300 "$tmp/restore.err")"
      elif [[ $(hashes "$db" $pp) != "$pp_hashes" || $(integrity "$db") != ok ]]; then
        fail "$what, page $page: after \`backup restore\` the book is not as it was backed up"
      elif [[ ! -f $dir/draftforge.db.unreadable-1 || $(sha "$dir/draftforge.db.unreadable-1") != "$dsha" ]]; then
        fail "$what, page $page: the damaged file was not kept aside as it was"
      else
        n_restored=$((n_restored + 1))
      fi
    done
  done
  row_end "$n_rounds" "5 commands (\`project list\`, \`project show\`, \`chapter list\`, \`chapter cat\`, \`search\`): each says \"damaged\" and points to the backups, or answers right, never \"not found\" nor a wrong answer; the damaged file left as it was; DraftForge started on it keeps the backups as they were; \`backup list\` offers the backup, \`backup restore\` brings the book back" \
    "$few rounds each on the projects table, the chapters table, the index of slugs, the index of chapters, the search index (a random page of it each time): commands saying damaged $n_cmd_damaged, answering right $n_cmd_same, wrong or \"not found\" $n_cmd_wrong; damage said by at least one command in $n_said/$n_rounds rounds (in the others no command reads the page); file unchanged $n_file/$n_rounds; DraftForge started and quit $n_window/$n_rounds, backups unchanged $n_backups/$n_rounds; restored $n_restored/$n_rounds"
}

want page && kept_prepare && attack_page

# ==== a damaged journal =================================================================
# flip_byte FILE OFFSET: inverts the bits of one byte, in place
flip_byte() {
  local b
  b=$(od -An -tu1 -j "$2" -N1 "$1" | tr -d ' ')
  printf "$(printf '\\%03o' $((b ^ 255)))" | dd of="$1" bs=1 seek="$2" conv=notrunc status=none
}

# Ten saves left in the journal of a database another process still has
# open (a reader holds its snapshot, so nothing is checkpointed), copied
# as a crash would leave them: $work/wal/snap.
wal_prepare() {
  local live=$work/wal/live i
  mkdir -p "$live" "$work/wal/snap"
  cp "$work/base/pp/draftforge.db" "$live/"
  coproc HOLDER { sqlite3 -batch "$live/draftforge.db" >/dev/null 2>&1; }
  printf '.timeout 5000\nBEGIN;\nSELECT count(*) FROM chapters;\n.output %s\nSELECT 1;\n.output stdout\n' \
    "$tmp/holder.ready" >&"${HOLDER[1]}"
  if ! poll 30 test -s "$tmp/holder.ready"; then
    echo "faults.sh: the sqlite3 shell holding the journal open did not answer" >&2
    exit 1
  fi
  wal_sizes=(32)
  for i in $(seq 1 10); do
    text_file "$work/wal/save-$i.txt" "Save $i to chapter $i, in the journal" 200
    wal_save[$i]=$(sha "$work/wal/save-$i.txt")
    if ! cli --db "$live/draftforge.db" chapter write $pp "$i" "$work/wal/save-$i.txt" 2>"$tmp/save.err"; then
      echo "faults.sh: a save for the journal attack failed: $(cat "$tmp/save.err")" >&2
      exit 1
    fi
    wal_sizes[$i]=$(stat -c %s "$live/draftforge.db-wal")
  done
  cp "$live/draftforge.db" "$live/draftforge.db-wal" "$live/draftforge.db-shm" "$work/wal/snap/"
  printf 'COMMIT;\n.quit\n' >&"${HOLDER[1]}"
  wait "$HOLDER_PID" || true
  wal_page=$(q "$work/base/pp/draftforge.db" "PRAGMA page_size")
  if (((wal_sizes[10] - 32) % (wal_page + 24) != 0)); then
    echo "faults.sh: the journal is ${wal_sizes[10]} bytes, not whole frames of $wal_page bytes" >&2
    exit 1
  fi
}

# attack_wal KIND LABEL: flip (a byte of a frame), header (a byte of it), cut (mid-frame)
attack_wal() {
  local kind=$1 dir=$work/wal/round r i frame off expect v note count fs=$((wal_page + 24)) n_frames h ok
  local n_match=0 n_note=0 n_count=0 n_kept=0 n_ok=0 n_quiet=0 lo=10 hi=0 example=""
  local -a base_hash
  row_begin "Damaged journal (10 saves in the \`-wal\`): $2"
  while read -r i h; do base_hash[$i]=$h; done <<<"$pp_hashes"
  n_frames=$(((wal_sizes[10] - 32) / fs))
  for ((r = 1; r <= rounds; r++)); do
    rm -rf "$dir" && mkdir -p "$dir" && cp "$work/wal/snap/"* "$dir/"
    # The first frame, then the last, then any.
    case $r in
      1) frame=0 ;;
      2) frame=$((n_frames - 1)) ;;
      *) frame=$(rnd "$n_frames") ;;
    esac
    case $kind in
      flip) off=$((32 + frame * fs + $(rnd "$fs")))
            flip_byte "$dir/draftforge.db-wal" "$off" ;;
      header) off=$(rnd 32)
              flip_byte "$dir/draftforge.db-wal" "$off"
              off=0 ;;
      cut) off=$((32 + frame * fs + 1 + $(rnd $((fs - 1)))))
           truncate -s "$off" "$dir/draftforge.db-wal" ;;
    esac
    expect=0
    for i in $(seq 1 10); do
      if ((wal_sizes[i] <= off)); then expect=$i; fi
    done
    cp "$dir/draftforge.db-wal" "$tmp/damaged-wal"
    runc open cli --db "$dir/draftforge.db" chapter list $pp --json
    if ((rc != 0)); then
      fail "round $r (offset $off): the command failed: $(head -c 300 "$tmp/open.err")"
      continue
    fi
    # Which saves are there: they must be the first ones, whole.
    v=0 ok=1
    for i in $(seq 1 10); do
      h=$(q "$dir/draftforge.db" "SELECT c.content_hash FROM chapters c JOIN projects p ON p.id = c.project_id WHERE p.slug = '$pp' AND c.number = $i")
      if [[ $h == "${wal_save[$i]}" ]]; then
        if ((v == i - 1)); then v=$i; else ok=0; fi
      elif [[ $h != "${base_hash[$i]}" ]]; then
        ok=0
      fi
    done
    if ((!ok)); then fail "round $r (offset $off): the saves there are not the first $v, whole"; fi
    if ((v == expect)); then
      n_match=$((n_match + 1))
    else
      fail "round $r (offset $off): $v of the 10 saves are there; the damage spares $expect"
    fi
    ((v < lo)) && lo=$v
    ((v > hi)) && hi=$v
    note=$(cat "$tmp/open.err")
    if ((expect < 10)); then
      if [[ $note == *"could not be read"* ]]; then
        n_note=$((n_note + 1))
        [[ -z $example ]] && example=$(sed -e "s|$dir/||g" -e 's/[|]/\\|/g' <<<"$note" | head -1)
        count=$(sed -n 's/.*After a crash, \([0-9]*\) recent save.*/\1/p' <<<"$note")
        if [[ $count == "$v" ]]; then n_count=$((n_count + 1)); fi
      else
        fail "round $r (offset $off): nothing on stderr says saves could not be read (it said: ${note:-nothing})"
      fi
      kept=$(ls "$dir"/draftforge.db-wal.unreplayed-* 2>/dev/null | head -1 || true)
      if [[ -n $kept ]] && cmp -s "$kept" "$tmp/damaged-wal"; then
        n_kept=$((n_kept + 1))
      else
        fail "round $r (offset $off): the damaged journal was not kept aside as it was"
      fi
    elif [[ -z $note ]]; then
      n_quiet=$((n_quiet + 1))
    fi
    if [[ $(integrity "$dir/draftforge.db") == ok ]]; then n_ok=$((n_ok + 1)); else fail "round $r: integrity_check: $(integrity "$dir/draftforge.db")"; fi
  done
  row_end "$rounds" "what the command line says; how many of the 10 saves are there (all that precede the damage, whole); the journal kept aside byte for byte; integrity_check ok" \
    "$( [[ $kind == header ]] || echo "in the first frame, the last, then any of $n_frames: ")saves there = saves before the damage $n_match/$rounds ($lo to $hi of 10); note on stderr $n_note/$rounds, its count right $n_count/$n_note; journal kept aside $n_kept/$rounds; integrity ok $n_ok/$rounds. It says: “${example}”"
}

if want wal || want readonly; then
  wal_prepare
fi
want wal && attack_wal flip "one byte flipped in a frame"
want wal && attack_wal header "one byte of the header flipped"
want wal && attack_wal cut "cut in the middle of a frame"

# ==== a full disk ===============================================================
# fill_to BYTES: fills the tmpfs but for about BYTES (a file "filler")
fill_to() {
  local avail
  rm -f "$full/filler"
  avail=$(($(stat -f -c %a "$full") * $(stat -f -c %S "$full")))
  if ((avail > $1)); then
    fallocate -l $((avail - $1)) "$full/filler" 2>/dev/null || head -c $((avail - $1)) /dev/zero >"$full/filler" 2>/dev/null || true
  fi
}
# tally: the messages in said_count, with how often each was said
tally() {
  local m
  for m in "${!said_count[@]}"; do
    printf '“%s” ×%d; ' "$m" "${said_count[$m]}"
  done | sed 's/; $//'
}
# free_bytes: what is left on the tmpfs
free_bytes() { echo $(($(stat -f -c %a "$full") * $(stat -f -c %S "$full"))); }

attack_full() {
  local check_saves="saves fail with a clear message; what was saved reads back while the disk is full; every earlier save intact once space is freed; then the save succeeds"
  local check_export="the export fails with a clear message; no temporary file left; the earlier export intact; its job \`failed\`, none left \`processing\`"
  local label="Disk full (a 32 MiB tmpfs)"
  if ((EUID != 0)); then
    row_skip "$label: saves" "$check_saves" "not root: no tmpfs can be mounted"
    row_skip "$label: export" "$check_export" "not root: no tmpfs can be mounted"
    return
  fi
  # (not named "full": the messages are searched for the word)
  mkdir -p "$work/disk"
  if ! mount -t tmpfs -o size=32m,mode=0700 tmpfs "$work/disk" 2>"$tmp/mount.err"; then
    row_skip "$label: saves" "$check_saves" "mount -t tmpfs failed: $(head -c 200 "$tmp/mount.err")"
    row_skip "$label: export" "$check_export" "mount -t tmpfs failed: $(head -c 200 "$tmp/mount.err")"
    return
  fi
  full=$work/disk
  local db=$full/draftforge.db r c n h new left lo=-1 hi=0 others fmt prev last job size said
  declare -A said_count=()
  local n_fit=0 n_failed=0 n_clear=0 n_read=0 n_intact=0 n_retry=0 n_ok=0 n_quiet=0
  declare -A expect
  cp "$work/base/pp/draftforge.db" "$db"
  cli --db "$db" export $pp --format epub -o "$full/book.epub" >/dev/null
  cli --db "$db" export $pp --format pdf -o "$full/book.pdf" >/dev/null
  while read -r n h; do expect[$n]=$h; done < <(hashes "$db" $pp)

  row_begin "$label: saves"
  for ((r = 1; r <= rounds; r++)); do
    c=$((1 + $(rnd 61)))
    text_file "$tmp/full.txt" "Round $r, chapter $c, on a full disk" 1500
    new=$(sha "$tmp/full.txt")
    # Nothing free, then 16 KiB, then anything up to 1 MiB.
    case $r in
      1) fill_to 0 ;;
      2) fill_to 16384 ;;
      *) fill_to $(rnd 1048576) ;;
    esac
    left=$(free_bytes)
    if ((lo < 0 || left < lo)); then lo=$left; fi
    if ((left > hi)); then hi=$left; fi
    runc save cli --db "$db" chapter write $pp "$c" "$tmp/full.txt"
    if ((rc == 0)); then
      n_fit=$((n_fit + 1))
      expect[$c]=$new
    else
      n_failed=$((n_failed + 1))
      said=$(sed -e "s|$full/||g" -e 's/[|]/\\|/g' -e 's/part-[A-Za-z0-9]\{6\}/part-XXXXXX/g' "$tmp/save.err" | head -1)
      said_count[$said]=$((${said_count[$said]:-0} + 1))
      if ((rc == 1)) && sed "s|$full/[^”]*||g" "$tmp/save.err" | grep -qiE 'full|space'; then
        n_clear=$((n_clear + 1))
      else
        fail "round $r ($left bytes free): the failed save (status $rc) said: $(head -c 300 "$tmp/save.err")"
      fi
      runc cat cli --db "$db" chapter cat $pp "$c"
      if ((rc == 0)) && [[ $(sha "$tmp/cat.out") == "${expect[$c]}" ]]; then
        n_read=$((n_read + 1))
      else
        fail "round $r ($left bytes free): chapter $c does not read back as saved while the disk is full (status $rc): $(head -c 200 "$tmp/cat.err")"
      fi
    fi
    rm -f "$full/filler"
    runc next cli --db "$db" project list
    if ((rc != 0)); then
      fail "round $r: the next command, with space again, failed: $(head -c 300 "$tmp/next.err")"
      continue
    fi
    if [[ -s $tmp/next.err ]]; then fail "round $r: the next command said: $(head -c 300 "$tmp/next.err")"; else n_quiet=$((n_quiet + 1)); fi
    if [[ $(hashes "$db" $pp) == "$(for n in $(seq 1 61); do echo "$n ${expect[$n]}"; done)" ]]; then
      n_intact=$((n_intact + 1))
    else
      fail "round $r ($left bytes free): a save made before is not there"
      while read -r n h; do expect[$n]=$h; done < <(hashes "$db" $pp)
    fi
    if [[ $(integrity "$db") == ok ]]; then n_ok=$((n_ok + 1)); else fail "round $r: integrity_check: $(integrity "$db")"; fi
    if ((rc == 0)) && [[ ${expect[$c]} != "$new" ]]; then
      runc save cli --db "$db" chapter write $pp "$c" "$tmp/full.txt"
      if ((rc == 0)) && [[ $(hashes "$db" $pp | awk -v c="$c" '$1 == c { print $2 }') == "$new" ]]; then
        n_retry=$((n_retry + 1))
        expect[$c]=$new
      else
        fail "round $r: with space again, the save still fails (status $rc): $(head -c 300 "$tmp/save.err")"
      fi
    fi
  done
  row_end "$rounds" "$check_saves" \
    "100 KB saves with nothing free, 16 KiB, then up to 1 MiB ($lo to $hi bytes): $n_fit fitted, $n_failed failed (a clear message $n_clear/$n_failed; read back while full $n_read/$n_failed; saved once space was freed $n_retry/$n_failed); every earlier save there $n_intact/$rounds; no note of lost saves $n_quiet/$rounds; integrity ok $n_ok/$rounds. Said: $(tally)"

  local n_runs=0 n_clean=0 n_msg=0 n_litter=0 n_kept=0 n_jobs=0
  said_count=()
  row_begin "$label: export"
  for ((r = 1; r <= 2 * few; r++)); do
    fmt=$([[ $((r % 2)) == 1 ]] && echo epub || echo pdf)
    n_runs=$((n_runs + 1))
    prev=$(sha "$full/book.$fmt")
    size=$(stat -c %s "$full/book.$fmt")
    last=$(q "$db" "SELECT coalesce(max(id), 0) FROM export_jobs")
    if ((r <= 2)); then fill_to 0; else fill_to $(rnd $((size * 9 / 10))); fi
    left=$(free_bytes)
    runc exp cli --db "$db" export $pp --format "$fmt" -o "$full/book.$fmt"
    if ((rc == 1)); then
      n_clean=$((n_clean + 1))
      said=$(sed -e "s|$full/||g" -e 's/[|]/\\|/g' -e 's/part-[A-Za-z0-9]\{6\}/part-XXXXXX/g' "$tmp/exp.err" | head -1)
      said_count[$said]=$((${said_count[$said]:-0} + 1))
      if sed "s|$full/[^”]*||g" "$tmp/exp.err" | grep -qiE 'full|space'; then
        n_msg=$((n_msg + 1))
      else
        fail "round $r ($fmt, $left bytes free): the export's message says nothing of space: $(head -c 300 "$tmp/exp.err")"
      fi
    else
      fail "round $r ($fmt, $left bytes free): the export on a full disk ended with status $rc: $(head -c 300 "$tmp/exp.err")"
    fi
    others=$(ls -A "$full" | grep -vxE 'draftforge\.db(-wal|-shm)?|book\.(epub|pdf)|filler' | tr '\n' ' ' || true)
    if [[ -n $others ]]; then
      n_litter=$((n_litter + 1))
      fail "round $r ($fmt, $left bytes free): left on the full disk: $others"
    fi
    if [[ $(sha "$full/book.$fmt") == "$prev" ]]; then n_kept=$((n_kept + 1)); else fail "round $r ($fmt): the earlier export changed"; fi
    rm -f "$full/filler"
    cli --db "$db" project list >/dev/null 2>&1 || fail "round $r: the next command, with space again, failed"
    job=$(q "$db" "SELECT group_concat(status, ' ') FROM export_jobs WHERE id > $last")
    if [[ $job == failed || -z $job ]] &&
       (($(q "$db" "SELECT count(*) FROM export_jobs WHERE status IN ('queued', 'processing')") == 0)); then
      n_jobs=$((n_jobs + 1))
    else
      fail "round $r ($fmt): the export's job says: ${job:-nothing}"
    fi
    others=$(ls -A "$full" | grep -vxE 'draftforge\.db(-wal|-shm)?|book\.(epub|pdf)' | tr '\n' ' ' || true)
    if [[ -n $others ]]; then
      fail "round $r ($fmt): left after the next command: $others"
      rm -f "$full"/.book.*
    fi
  done
  row_end "$n_runs" "$check_export" \
    "EPUB and PDF of Pride and Prejudice over an earlier one, with nothing free (first of each), then under 90% of its size: failed (status 1) $n_clean/$n_runs, message about space $n_msg/$n_runs; temporary files left $n_litter; the earlier export intact $n_kept/$n_runs; job failed (or none) and none processing $n_jobs/$n_runs. Said: $(tally)"
  umount "$full"
  full=""
}

want full && attack_full

# ==== read-only places ============================================================
# files DIR: the files in DIR with their sizes and SHA-256, but for the
# contents of the journal's index (-shm: SQLite's shared memory, which
# every reader writes)
files() { snapshot "$1" | sed -E 's/^(draftforge\.db-shm) .*/\1/'; }

# readonly_case LABEL DIR CHAPTER1_HASH [SAVES]: the database
# DIR/draftforge.db, which the program under test (without root's
# powers) may not write; with SAVES, chapters 1 to 10 must read as the
# journal's saves
readonly_case() {
  local label=$1 dir=$2 db=$2/draftforge.db before backups="" n_read=0 n_refused=0 n_window=0 n_saves=0 what i
  row_begin "$label"
  before=$(files "$dir")
  if [[ -d $dir/draftforge-backups ]]; then backups=$(snapshot "$dir/draftforge-backups"); fi
  runc ro "${unprivileged[@]}" "${cli_exec[@]}" --db "$db" project list --json
  if ((rc == 0)) && [[ $(jq -r '.[0].slug + " " + (.[0].chapters | tostring)' "$tmp/ro.out") == "$pp 61" ]]; then
    n_read=$((n_read + 1))
  else
    fail "\`project list\` (status $rc): $(head -c 300 "$tmp/ro.err")"
  fi
  runc ro "${unprivileged[@]}" "${cli_exec[@]}" --db "$db" chapter cat $pp 1
  if ((rc == 0)) && [[ $(sha "$tmp/ro.out") == "$3" ]]; then n_read=$((n_read + 1)); else fail "\`chapter cat\` (status $rc): $(head -c 300 "$tmp/ro.err")"; fi
  runc ro "${unprivileged[@]}" "${cli_exec[@]}" --db "$db" search $pp truth universally --json
  if ((rc == 0)) && [[ $(jq length "$tmp/ro.out") -ge 1 ]]; then n_read=$((n_read + 1)); else fail "\`search\` (status $rc): $(head -c 300 "$tmp/ro.err")"; fi
  mkdir -p "$work/ro-out"
  rm -f "$work/ro-out/book.epub"
  runc ro "${unprivileged[@]}" "${cli_exec[@]}" --db "$db" export $pp --format epub -o "$work/ro-out/book.epub"
  if ((rc == 0)) && valid epub "$work/ro-out/book.epub"; then n_read=$((n_read + 1)); else fail "\`export\` (status $rc): $(head -c 300 "$tmp/ro.err")"; fi
  if ((${4:-0})); then
    for i in $(seq 1 10); do
      runc ro "${unprivileged[@]}" "${cli_exec[@]}" --db "$db" chapter cat $pp "$i"
      if ((rc == 0)) && [[ $(sha "$tmp/ro.out") == "${wal_save[$i]}" ]]; then n_saves=$((n_saves + 1)); fi
    done
    if ((n_saves != 10)); then fail "only $n_saves of the journal's 10 saves read back"; fi
  fi
  printf 'A save that must be refused.\n' >"$tmp/ro.txt"
  for what in "chapter write $pp 1 $tmp/ro.txt" "chapter add $pp Refused" "project new Refused"; do
    runc ro "${unprivileged[@]}" "${cli_exec[@]}" --db "$db" $what
    if ((rc == 1)) && grep -q 'read-only' "$tmp/ro.err" && ! grep -qiE 'damaged|backup' "$tmp/ro.err"; then
      n_refused=$((n_refused + 1))
    else
      fail "\`${what%% $tmp*}\` (status $rc) said: $(head -c 300 "$tmp/ro.err")"
    fi
  done
  # DraftForge opened on it, then closed: no backup, no swap, nothing moved.
  app_prefix=("${unprivileged[@]}")
  if app_start "$tmp/app.log" --db "$db" --project $pp; then
    if app_quit; then n_window=1; else fail "DraftForge did not quit on Ctrl+Q"; fi
  else
    fail "DraftForge's window did not open: $(tail -c 300 "$tmp/app.log")"
    app_quit || true
  fi
  app_prefix=()
  if [[ $(files "$dir") != "$before" ]]; then
    fail "the folder changed: before: $(tr '\n' ' ' <<<"$before") after: $(files "$dir" | tr '\n' ' ')"
  fi
  if [[ -n $backups && $(snapshot "$dir/draftforge-backups") != "$backups" ]]; then
    fail "the backups changed"
  fi
  if [[ -z $backups && -e $dir/draftforge-backups ]]; then
    fail "a backup folder was made"
  fi
  row_end 1 "listing, reading, search and export work; a write says it is read-only (and nothing of damage or backups); DraftForge opens it and makes no backup; every file in the folder unchanged byte for byte (the \`-shm\` index, SQLite's shared memory, aside)" \
    "reads that worked $n_read/4; writes refused as read-only $n_refused/3; DraftForge opened and quit $n_window/1; $(((${4:-0})) && echo "the journal's saves there $n_saves/10; ")files $( [[ $(files "$dir") == "$before" ]] && echo unchanged || echo CHANGED), backups $( [[ -z $backups ]] && echo "none made" || { [[ $(snapshot "$dir/draftforge-backups") == "$backups" ]] && echo unchanged || echo CHANGED; })"
}

attack_readonly() {
  local ch1 dir
  mkdir -p "$tmp/probe"
  : >"$tmp/probe/f"
  chmod 0400 "$tmp/probe/f"
  if "${unprivileged[@]}" sh -c ": >>'$tmp/probe/f'" 2>/dev/null; then
    local why="file permissions do not stop the program here (root, and its capabilities could not be dropped)"
    row_skip "Read-only file" "" "$why"
    row_skip "Read-only folder" "" "$why"
    row_skip "Read-only folder holding a crash's journal" "" "$why"
    return
  fi
  ch1=$(awk '$1 == 1 { print $2 }' <<<"$pp_hashes")
  # The file: the folder may be written; the backups a start made are there.
  dir=$work/ro-file
  cp -r "$work/base/kept" "$dir"
  chmod 0400 "$dir/draftforge.db"
  readonly_case "Read-only file (its folder writable, backups beside it)" "$dir" "$ch1"
  # The folder: the file may be written, the folder not.
  dir=$work/ro-folder
  cp -r "$work/base/kept" "$dir"
  chmod 0500 "$dir"
  readonly_case "Read-only folder (the file writable, backups beside it)" "$dir" "$ch1"
  chmod 0700 "$dir"
  # The folder, with the journal and index a crash left (10 saves).
  dir=$work/ro-journal
  mkdir -p "$dir"
  cp "$work/wal/snap/"* "$dir/"
  chmod 0500 "$dir"
  readonly_case "Read-only folder holding a crash's journal (10 saves in the \`-wal\`)" "$dir" "${wal_save[1]}" 1
  chmod 0700 "$dir"
}

want readonly && kept_prepare && attack_readonly

# ==== writers at once, with the window open ============================================
# writer_loop W DEADLINE_MS PACED: saves chapter W of $win_db until the
# deadline, logging "SAVE STATUS SHA256" to $win_dir/wW.log for each;
# PACED waits 0.3 to 1.5 s between saves (a person at another computer)
writer_loop() {
  local w=$1 i=0 f rc
  while (($(now_ms) < $2)); do
    i=$((i + 1))
    f=$win_dir/w$w-$i.txt
    if ((w == 1)); then
      { printf 'The other writer’s chapter 1, save %d.\n\n' "$i"; cat "$win_dir/ch1.md"; } >"$f"
    else
      text_file "$f" "Writer $w, save $i" 300
    fi
    rc=0
    cli --db "$win_db" chapter write $pp "$w" "$f" 2>"$win_dir/w$w-$i.err" || rc=$?
    echo "$i $rc $(sha "$f")" >>"$win_dir/w$w.log"
    if (($3)); then sleep_ms $((300 + $(rnd 1200))); fi
  done
}

attack_window() {
  local secs=20 r w i k deadline last ch1 t1 s_file s_sha id marker pid
  local n_quit=0 n_ok=0 n_saves=0 n_busy=0 n_last=0 n_final=0 n_kept_text=0 n_kept_conflict=0 n_conflicts=0
  local n_typed=0 n_typed_found=0 n_ch1_saves=0 n_ch1_found=0
  win_dir=$work/window win_db=$work/window/draftforge.db
  row_begin "Writers at once with the window open: 4 command lines on chapters 2–5, a fifth on chapter 1, typing in chapter 1"
  for ((r = 1; r <= few; r++)); do
    rm -rf "$win_dir" && mkdir -p "$win_dir"
    cp "$work/base/pp/draftforge.db" "$win_db"
    cli --db "$win_db" chapter cat $pp 1 >"$win_dir/ch1.md"
    if ! app_start "$win_dir/app.log" --db "$win_db" --project $pp; then
      fail "run $r: DraftForge's window did not open: $(tail -c 300 "$win_dir/app.log")"
      app_quit || true
      continue
    fi
    xdotool mousemove --window "$app_win" 680 400 click 1 2>/dev/null
    deadline=$(($(now_ms) + secs * 1000))
    writers=()
    for w in 2 3 4 5; do
      writer_loop "$w" "$deadline" 0 &
      writers+=($!)
    done
    writer_loop 1 "$deadline" 1 &
    writers+=($!)
    k=0
    while (($(now_ms) < deadline)); do
      k=$((k + 1))
      app_type " typed-$r-$k"
      sleep_ms $((500 + $(rnd 2000)))
    done
    for pid in "${writers[@]}"; do
      wait "$pid" || true
    done
    writers=()
    app_type " FINAL-$r"
    if app_quit && ((app_rc == 0)); then
      n_quit=$((n_quit + 1))
    else
      fail "run $r: DraftForge did not close on Ctrl+Q with its text saved (status ${app_rc:-killed}): $(tail -c 300 "$win_dir/app.log")"
    fi
    # Chapters 2-5: the last save each writer reported is the chapter.
    for w in 2 3 4 5; do
      n_saves=$((n_saves + $(awk '$2 == 0' "$win_dir/w$w.log" | wc -l)))
      n_busy=$((n_busy + $(awk '$2 != 0' "$win_dir/w$w.log" | wc -l)))
      last=$(awk '$2 == 0 { s = $3 } END { print s }' "$win_dir/w$w.log")
      if [[ $(hashes "$win_db" $pp | awk -v w="$w" '$1 == w { print $2 }') == "$last" ]]; then
        n_last=$((n_last + 1))
      else
        fail "run $r: chapter $w is not the last save its writer reported"
      fi
    done
    if grep -qv ' 0 ' "$win_dir/w"[2-5].log; then
      echo "   run $r: failed saves said: $(cat "$win_dir"/w[2-5]-*.err | sort | uniq -c | head -3 | tr '\n' ' ')" >&2
    fi
    # Chapter 1: the window's text, and the other writer's last text kept.
    cli --db "$win_db" chapter cat $pp 1 >"$win_dir/final.md"
    id=$(chapter_id "$win_db" 1)
    if [[ $(grep -o "FINAL-$r" "$win_dir/final.md" | wc -l) == 1 ]]; then
      n_final=$((n_final + 1))
    else
      fail "run $r: what was typed last in the window is not chapter 1's text"
    fi
    n_ch1_saves=$((n_ch1_saves + $(awk '$2 == 0' "$win_dir/w1.log" | wc -l)))
    n_busy=$((n_busy + $(awk '$2 != 0' "$win_dir/w1.log" | wc -l)))
    last=$(awk '$2 == 0 { s = $1 } END { print s }' "$win_dir/w1.log")
    if [[ -n $last ]]; then
      s_file=$win_dir/w1-$last.txt
      s_sha=$(sha "$s_file")
      if [[ $(head -c "$(stat -c %s "$s_file")" "$win_dir/final.md" | sha256sum | cut -d' ' -f1) == "$s_sha" ]]; then
        n_kept_text=$((n_kept_text + 1))
      elif (($(q "$win_db" "SELECT count(*) FROM chapter_revisions WHERE chapter_id = $id AND kind = 'conflict' AND content_hash = '$s_sha'") > 0)); then
        n_kept_conflict=$((n_kept_conflict + 1))
      else
        fail "run $r: the other writer's last chapter-1 save (its save $last) is neither in the chapter nor a conflict revision"
      fi
    fi
    # Every chapter-1 save of the other writer, and every word typed:
    # in the chapter or its history (thinning keeps one ordinary revision
    # per five minutes, so a text replaced whole may have gone by design).
    while read -r i _ _; do
      marker="save $i."
      if grep -qF "The other writer’s chapter 1, $marker" "$win_dir/final.md" ||
         (($(q "$win_db" "SELECT count(*) FROM chapter_revisions WHERE chapter_id = $id AND instr(content_md, 'The other writer’s chapter 1, $marker') > 0") > 0)); then
        n_ch1_found=$((n_ch1_found + 1))
      fi
    done < <(awk '$2 == 0' "$win_dir/w1.log")
    n_conflicts=$((n_conflicts + $(q "$win_db" "SELECT count(*) FROM chapter_revisions WHERE chapter_id = $id AND kind = 'conflict'")))
    # Each burst typed was saved by the window (autosave, or at once
    # when another text arrived over unsaved words).
    local lost=0
    for ((w = 1; w <= k; w++)); do
      n_typed=$((n_typed + 1))
      if grep -qF "typed-$r-$w" "$win_dir/final.md" ||
         (($(q "$win_db" "SELECT count(*) FROM chapter_revisions WHERE chapter_id = $id AND instr(content_md, 'typed-$r-$w') > 0") > 0)); then
        n_typed_found=$((n_typed_found + 1))
      else
        lost=$((lost + 1))
      fi
    done
    if ((lost > 0)); then
      fail "run $r: $lost of the $k bursts typed and saved in the window are neither in chapter 1 nor in its history"
    fi
    if [[ $(integrity "$win_db") == ok ]]; then n_ok=$((n_ok + 1)); else fail "run $r: integrity_check: $(integrity "$win_db")"; fi
  done
  row_end "$few runs of ${secs} s" "every save a writer reported is there (the last of each is its chapter); every burst typed (and saved) in the window in chapter 1 or its history; what was typed last is chapter 1's text once the window closes; the chapter-1 writer's last text kept, as the chapter or as a conflict revision; integrity_check ok" \
    "window closed with its text saved $n_quit/$few, the last typed words chapter 1's text $n_final/$few; writers on chapters 2–5: $n_saves saves reported, the last of each its chapter's text $n_last/$((4 * few)); chapter-1 writer: $n_ch1_saves saves, its last kept $((n_kept_text + n_kept_conflict))/$few (typed on in the window $n_kept_text, as a conflict revision $n_kept_conflict), $n_ch1_found/$n_ch1_saves still in the chapter or its history; conflict revisions $n_conflicts; bursts typed and saved in the window $n_typed, still in the chapter or its history $n_typed_found; saves refused (busy) $n_busy; integrity ok $n_ok/$few"
}

want window && attack_window

# ---- the table ------------------------------------------------------------------
if [[ -n ${FAULTS_ONLY:-} ]]; then
  skipped+=("FAULTS_ONLY=\"$FAULTS_ONLY\": the other attacks were not run")
fi
echo "DraftForge $(sed -n "s/^  version: '\\(.*\\)',/\\1/p" "$root/meson.build"), $(date +%F), $(nproc) CPUs, Linux $(uname -r), SQLite $(sqlite3 --version | cut -d' ' -f1) (shell), ROUNDS $rounds"
echo
echo "| attack | rounds | what a user would check | result |"
echo "|---|---|---|---|"
for row in "${rows[@]}"; do
  IFS='|' read -r a n c res <<<"$row"
  echo "| $a | $n | $c | $res |"
done
if ((${#failures[@]} > 0)); then
  echo
  echo "Failed checks (${#failures[@]}):"
  printf -- '- %s\n' "${failures[@]}"
  exit 1
fi
if ((${#skipped[@]} > 0)); then
  echo
  echo "Not run here, so not shown to hold (${#skipped[@]}):"
  printf -- '- %s\n' "${skipped[@]}"
  exit 2
fi
echo
echo "Every attack ran and every check held."
