#!/usr/bin/env bash
# Opens huge chapters in DraftForge and, with the same text as a file, in
# GNOME Text Editor, under Xvfb, in an optimised build (build-bench-huge/).
# Not part of the test suite.
#
#   line: War and Peace with its line ends made spaces, repeated to one
#         line of 5 MB;
#   big:  War and Peace 16 times over, one chapter of 50 MB;
#   wp:   War and Peace as one chapter of 3.2 MB (the budget of issue 15:
#         the main loop free again within 1 s of opening, under 2 s of
#         CPU for the spelling in all), DraftForge also with its spell
#         checking off ("draftforge-nospell"), so that the difference in
#         CPU is what the spelling cost.
#
# For each, bench/xmapwait starts the program and reports, from exec:
# when its window was mapped, when it first answered a ping
# (_NET_WM_PING, answered from the main loop: "responsive"), the longest
# it took to answer one over the next PING_S seconds (the longest the main
# loop was held), when it went quiet (under 10% of a CPU for half a
# second; -1: not within PING_S) and the CPU time used by then.  Both draw
# with GTK's Cairo renderer (what DraftForge picks without a GPU), so that
# the text, not the renderer, is compared.  Every run must succeed: a run
# that fails or reports no answer stops the benchmark.
#
# Usage: bench/bench-huge.sh [RUNS] [PING_S] [CASES]
#        (defaults: 3 runs, 60 s, "line big wp")
# The corpus is read from ../shared/corpus beside the repository, or from
# $DRAFTFORGE_CORPUS.  Needs xvfb-run, dbus-run-session, libx11-dev (for
# bench/xmapwait) and gnome-text-editor.
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail
trap 'echo "bench-huge.sh: a step failed (line $LINENO)" >&2' ERR

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
source "$root/bench/bench-lib.sh"
build=$root/build-bench-huge

# ---- inside Xvfb and a D-Bus session ------------------------------------
if [[ ${1:-} == --inner ]]; then
  runs=$2 ping_ms=$3 tmp=$4 cases=$5
  xmapwait=$build/bench/xmapwait
  export GDK_BACKEND=x11 GTK_A11Y=none NO_AT_BRIDGE=1 GSK_RENDERER=cairo

  run_df () {   # CASE [nospell]
    local config=$tmp/df/config
    if [[ ${2:-} == nospell ]]; then
      config=$tmp/df/config-nospell
      mkdir -p "$config/glib-2.0/settings"
      printf '[io/github/draftforge/DraftForge]\nspell-check=false\n' >"$config/glib-2.0/settings/keyfile"
    fi
    env DRAFTFORGE_DB="$tmp/$1.db" DRAFTFORGE_NO_ONBOARDING=1 \
        GSETTINGS_SCHEMA_DIR="$build/data" GSETTINGS_BACKEND="$([[ ${2:-} == nospell ]] && echo keyfile || echo memory)" \
        XDG_CONFIG_HOME="$config" XDG_DATA_HOME="$tmp/df/data" \
        XDG_CACHE_HOME="$tmp/df/cache" XDG_STATE_HOME="$tmp/df/state" \
        "$xmapwait" --timeout 120 --ping-for "$ping_ms" -- "$build/src/draftforge" --project "$1"
  }
  run_gte () {  # CASE
    env -u GSETTINGS_SCHEMA_DIR GSETTINGS_BACKEND=memory \
        XDG_CONFIG_HOME="$tmp/gte/config" XDG_DATA_HOME="$tmp/gte/data" \
        XDG_CACHE_HOME="$tmp/gte/cache" XDG_STATE_HOME="$tmp/gte/state" \
        "$xmapwait" --timeout 120 --ping-for "$ping_ms" -- gnome-text-editor --standalone "$tmp/$1.md"
  }
  field () { sed -n "s/.*\\b$1=\\([-0-9.]*\\).*/\\1/p"; }

  printf '%-6s %-18s %4s %9s %13s %13s %10s %8s\n' case program runs map_ms responsive_ms max_stall_ms quiet_ms cpu_s
  for case in $cases; do
    programs="draftforge gnome-text-editor"
    [[ $case == wp ]] && programs="draftforge draftforge-nospell gnome-text-editor"
    for program in $programs; do
      map=() resp=() stall=() quiet=() cpu=()
      for ((i = 0; i < runs; i++)); do
        if [[ $program == draftforge ]]; then out=$(run_df "$case" 2>/dev/null) || out=""
        elif [[ $program == draftforge-nospell ]]; then out=$(run_df "$case" nospell 2>/dev/null) || out=""
        else out=$(run_gte "$case" 2>/dev/null) || out=""; fi
        r=$(field responsive_ms <<<"$out")
        if [[ -z $out || -z $r || $r == -1.0 ]]; then
          echo "bench-huge.sh: $program on the $case chapter failed (run $((i + 1))): '${out}'" >&2
          exit 1
        fi
        map+=("$(field map_ms <<<"$out")") resp+=("$r")
        stall+=("$(field max_stall_ms <<<"$out")") quiet+=("$(field quiet_ms <<<"$out")")
        cpu+=("$(field cpu_s <<<"$out")")
      done
      printf '%-6s %-18s %4d %9.0f %13.0f %13.0f %10.0f %8.2f\n' "$case" "$program" "$runs" \
        "$(bench_median "${map[@]}")" "$(bench_median "${resp[@]}")" "$(bench_median "${stall[@]}")" \
        "$(bench_median "${quiet[@]}")" "$(bench_median "${cpu[@]}")"
    done
  done
  exit 0
fi

# ---- outside: checks, build, data ---------------------------------------
corpus=${DRAFTFORGE_CORPUS:-$root/../shared/corpus}
runs=${1:-3}
ping_s=${2:-60}
cases=${3:-line big wp}
novel=$corpus/novels/war-and-peace.txt

bench_check_runs bench-huge.sh "$runs"
bench_check_runs bench-huge.sh "$ping_s"
if [[ ! -r $novel ]]; then
  echo "bench-huge.sh: $novel is missing; put the corpus at ../shared/corpus beside the repository or set DRAFTFORGE_CORPUS" >&2
  exit 1
fi
for tool in xvfb-run dbus-run-session gnome-text-editor; do
  if ! command -v $tool >/dev/null; then
    echo "bench-huge.sh: $tool is missing (apt-get install xvfb dbus gnome-text-editor)" >&2
    exit 1
  fi
done

bench_build "$root" "$build" src/draftforge src/draftforge-cli data/gschemas.compiled
bench_xmapwait bench-huge.sh "$build"
bench_app_tmp huge

# One line of 5 MB, cut after a whole word; War and Peace 16 times.
{ tr '\r\n' '  ' <"$novel"; tr '\r\n' '  ' <"$novel"; } >"$tmp/twice"
head -c 5242880 "$tmp/twice" | sed 's/ [^ ]*$//' >"$tmp/line.md"
rm "$tmp/twice"
for ((i = 0; i < 16; i++)); do cat "$novel"; done >"$tmp/big.md"
cp "$novel" "$tmp/wp.md"
cli=$build/src/draftforge-cli
for case in line big wp; do
  "$cli" --db "$tmp/$case.db" project new "$case" >/dev/null
  "$cli" --db "$tmp/$case.db" chapter add "$case" "All of it" >/dev/null
  "$cli" --db "$tmp/$case.db" chapter write "$case" 1 "$tmp/$case.md"
  if [[ $("$cli" --db "$tmp/$case.db" chapter cat "$case" 1 | cmp - "$tmp/$case.md" && echo same) != same ]]; then
    echo "bench-huge.sh: the $case chapter did not go into the database as it is" >&2
    exit 1
  fi
done

echo "DraftForge $(sed -n "s/^  version: '\\(.*\\)',/\\1/p" "$root/meson.build"), $(nproc) CPUs, $(uname -r)"
echo "gnome-text-editor: $(gnome-text-editor --version 2>/dev/null | head -1)"
echo "line: $(wc -c <"$tmp/line.md") bytes in $(wc -l <"$tmp/line.md") line ends; big: $(wc -c <"$tmp/big.md") bytes;" \
     "wp: $(wc -c <"$tmp/wp.md") bytes"
echo "medians of $runs runs; times in ms from exec, pings for $ping_s s"
echo

xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- \
  "$root/bench/bench-huge.sh" --inner "$runs" "$((ping_s * 1000))" "$tmp" "$cases" 2> >(grep -v 'dbus-daemon' >&2)
