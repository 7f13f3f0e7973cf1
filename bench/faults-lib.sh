# faults-lib.sh: what bench/faults.sh uses to attack the store and to
# look at what is left; sourced, not run.  Expects $build, $work, $tmp
# (a scratch folder) and, for the window, $DISPLAY.
#
# SPDX-License-Identifier: GPL-3.0-or-later

# ---- the table and the failures --------------------------------------------

rows=()          # "attack|rounds|what a user would check|result", in order
failures=()      # "attack: what failed", every one
skipped=()       # attacks that could not run here, with why
row_name=""
row_failed=0

# row_begin NAME: the attack under way (progress on stderr)
row_begin() {
  row_name=$1
  row_failed=0
  echo "== $row_name" >&2
}

# fail MESSAGE: one failed check of the attack under way
fail() {
  failures+=("$row_name: $1")
  row_failed=$((row_failed + 1))
  echo "   FAILED: $1" >&2
}

# row_end ROUNDS CHECK FIGURES: the row, "ok" only when nothing failed
row_end() {
  local result
  if ((row_failed == 0)); then
    result="ok: $3"
  else
    result="**FAILED ($row_failed)**: $3"
  fi
  rows+=("$row_name|$1|$2|$result")
  echo "   $result" >&2
}

# row_skip NAME CHECK WHY: an attack that did not run; never a success
row_skip() {
  rows+=("$1|0|$2|**SKIPPED**: $3")
  skipped+=("$1: $3")
  echo "== $1: SKIPPED: $3" >&2
}

# ---- small things -------------------------------------------------------------

# rnd N: a random number in 0..N-1
rnd() { echo $((SRANDOM % $1)); }

# now_ms: milliseconds since the epoch
now_ms() { date +%s%3N; }

# sleep_ms MS
sleep_ms() { sleep "$(printf '%d.%03d' $(($1 / 1000)) $(($1 % 1000)))"; }

# sha FILE: its SHA-256
sha() { sha256sum "$1" | cut -d' ' -f1; }

# median NUMBER...
median() {
  printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print NR % 2 ? v[(NR + 1) / 2] : int((v[NR / 2] + v[NR / 2 + 1]) / 2) }'
}

# cli ARG...: the command line, in the C.UTF-8 locale as the tests run it.
# $cli_exec is the same as one command, for what must be the program's
# own process (a kill must hit the program, not a shell around it):
# cli_init sets it once $build is known.
cli_init() { cli_exec=(env LC_ALL=C.UTF-8 LANGUAGE= "$build/src/draftforge-cli"); }
cli() { "${cli_exec[@]}" "$@"; }

# runc NAME CMD...: runs CMD; its stdout in $tmp/NAME.out, its stderr in
# $tmp/NAME.err, its exit status in $rc
runc() {
  local name=$1
  shift
  rc=0
  "$@" >"$tmp/$name.out" 2>"$tmp/$name.err" || rc=$?
}

# q DB SQL: the sqlite3 shell's answer (it waits up to 5 s for a lock)
q() { sqlite3 -batch -noheader -bail -cmd '.timeout 5000' "$1" "$2"; }

# integrity DB: prints what PRAGMA integrity_check says ("ok")
integrity() { q "$1" 'PRAGMA integrity_check' 2>&1 | head -3 | tr '\n' ' ' | sed 's/ $//'; }

# hashes DB SLUG: "NUMBER HASH" for every chapter of SLUG, in book order
hashes() {
  q "$1" "SELECT c.number || ' ' || c.content_hash FROM chapters c JOIN projects p ON p.id = c.project_id
          WHERE p.slug = '$2' ORDER BY c.number"
}

# text_file OUT HEADER LINES: HEADER, a blank line, then LINES whole lines
# of War and Peace from a random place (whole lines: always UTF-8)
text_file() {
  local total start
  total=$(wc -l <"$novel_wp")
  start=$((1 + $(rnd $((total - $3)))))
  { printf '%s\n\n' "$2"; sed -n "${start},$((start + $3 - 1))p" "$novel_wp"; } >"$1"
}

# run_killed MAX_MS CMD...: runs CMD in the background (stdout and stderr
# in $tmp/killed.out, .err) and sends it SIGKILL after a random 0..MAX_MS
# ms; sets $rc (137: killed), $killed (1 when the kill found it running)
# and $kill_ms.  CMD must be a program (its process is the one killed),
# not a shell function.
run_killed() {
  local max=$1 pid
  shift
  if [[ $(type -t "$1") != file ]]; then
    echo "faults.sh: run_killed needs a program, not $(type -t "$1") $1" >&2
    exit 1
  fi
  "$@" >"$tmp/killed.out" 2>"$tmp/killed.err" &
  pid=$!
  kill_ms=$(rnd $((max + 1)))
  sleep_ms "$kill_ms"
  kill -KILL "$pid" 2>/dev/null || true
  rc=0
  wait "$pid" 2>/dev/null || rc=$?
  killed=$((rc == 137))
}

# time_ms CMD...: runs CMD (which must succeed) and prints its wall time
time_ms() {
  local t0
  t0=$(now_ms)
  if ! "$@" >/dev/null 2>"$tmp/timed.err"; then
    echo "faults.sh: this run failed: $* ($(head -c 300 "$tmp/timed.err"))" >&2
    return 1
  fi
  echo $(($(now_ms) - t0))
}

# snapshot DIR: every file in DIR (not below) with its size and SHA-256
snapshot() {
  local f
  for f in "$1"/* "$1"/.[!.]*; do
    if [[ -f $f ]]; then
      printf '%s %s %s\n' "${f##*/}" "$(stat -c %s "$f")" "$(sha "$f")"
    fi
  done | sort
}

# proc_done PID: the process has exited (gone, or a zombie not yet reaped)
proc_done() {
  [[ ! -e /proc/$1/stat ]] || [[ $(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f1) == Z ]]
}

# poll SECONDS CMD...: runs CMD every 50 ms until it succeeds; 1 if it
# has not within SECONDS
poll() {
  local deadline=$(($(now_ms) + $1 * 1000))
  shift
  until "$@"; do
    if (($(now_ms) > deadline)); then
      return 1
    fi
    sleep 0.05
  done
}

# wait_done PID SECONDS: polls until PID has exited; 1 if it has not
wait_done() {
  local deadline=$(($(now_ms) + $2 * 1000))
  while ! proc_done "$1"; do
    if (($(now_ms) > deadline)); then
      return 1
    fi
    sleep 0.05
  done
}

# ---- the application, under Xvfb ---------------------------------------------

app_prefix=()    # set to a setpriv command line to run it without root's powers
app_pid=""
app_win=""

# app_start LOG ARG...: starts DraftForge and waits (polling) for its window
# to be mapped; 1 if it is not within 60 s
app_start() {
  local log=$1
  shift
  mkdir -p "$work/home/config" "$work/home/data" "$work/home/cache" "$work/home/state"
  "${app_prefix[@]}" env DRAFTFORGE_NO_ONBOARDING=1 GSETTINGS_SCHEMA_DIR="$build/data" \
    GSETTINGS_BACKEND=memory GDK_BACKEND=x11 GTK_A11Y=none NO_AT_BRIDGE=1 GSK_RENDERER=cairo \
    XDG_CONFIG_HOME="$work/home/config" XDG_DATA_HOME="$work/home/data" \
    XDG_CACHE_HOME="$work/home/cache" XDG_STATE_HOME="$work/home/state" \
    DRAFTFORGE_PLUGIN_PATH="$build/plugins" LC_ALL=C.UTF-8 \
    "$build/src/draftforge" "$@" >"$log" 2>&1 &
  app_pid=$!
  app_win=$(timeout 60 xdotool search --sync --onlyvisible --pid "$app_pid" 2>/dev/null | head -1) || true
  [[ -n $app_win ]]
}

# app_quit: Ctrl+Q (closing saves what is unsaved), then waits for the
# program to exit, up to 60 s; sets $app_rc; 1 if it had to be killed
app_quit() {
  app_rc=0
  if [[ -n $app_win ]]; then
    xdotool key --window "$app_win" ctrl+q 2>/dev/null || true
  fi
  if ! wait_done "$app_pid" 60; then
    kill -KILL "$app_pid" 2>/dev/null || true
    wait "$app_pid" 2>/dev/null || true
    app_pid=""
    return 1
  fi
  wait "$app_pid" || app_rc=$?
  app_pid=""
  return 0
}

# app_type TEXT: types TEXT at the end of the editor's text
app_type() {
  xdotool key --clearmodifiers ctrl+End 2>/dev/null
  xdotool type --delay 12 -- "$1" 2>/dev/null
}
