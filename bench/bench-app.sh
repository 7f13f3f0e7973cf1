#!/usr/bin/env bash
# Times the DraftForge application against its budgets, under Xvfb, in an
# optimised build (build-bench-app/).  Not part of the test suite.
#
#   launch to the first window with Pride and Prejudice open: no slower
#     than `gnome-text-editor --standalone` opening the same text, in the
#     same run, on the same X server (bench/xmapwait: exec to MapNotify);
#   switching between two long chapters of War and Peace: under 50 ms;
#   resident memory with War and Peace open: under 200 MB
#     (bench/bench-app, in-process: call to the next painted frame);
#   typing in War and Peace kept as one chapter, autosave on: each key to
#     the next painted frame under 33 ms (bench/bench-app --typing);
#   opening War and Peace ten times over (3,650 chapters): the window
#     painted with the book open in under 200 ms (bench/bench-app --times 10).
#
# Each is measured three ways, for both applications: as they start by
# themselves ("default": gnome-text-editor lets GTK pick GL, which is
# llvmpipe here; DraftForge asks for Cairo when the machine has no GPU,
# src/app/df-renderer.c), then with GSK_RENDERER=gl and GSK_RENDERER=cairo
# forced on both.
#
# Usage: bench/bench-app.sh [RUNS]     (default 9 launches per app and
#        renderer; the chapter switch is timed 21 times)
# The corpus is read from ../shared/corpus beside the repository, or from
# $DRAFTFORGE_CORPUS.  Needs xvfb-run, dbus-run-session, libx11-dev (for
# bench/xmapwait) and, for the comparison, gnome-text-editor.
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
source "$root/bench/bench-lib.sh"
build=$root/build-bench-app

median_line () {
  # NAME then numbers: prints "NAME n min median max" (ms)
  local name=$1; shift
  printf '%s\n' "$@" | sort -g | awk -v name="$name" '
    { v[NR] = $1 }
    END {
      if (NR == 0) { printf "%-44s %4d %9s %9s %9s\n", name, 0, "-", "-", "-"; exit }
      m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
      printf "%-44s %4d %9.1f %9.1f %9.1f\n", name, NR, v[1], m, v[NR]
    }'
}

# ---- inside Xvfb and a D-Bus session: the launch comparison -------------
if [[ ${1:-} == --inner ]]; then
  runs=$2 tmp=$3 novel=$4 have_gte=$5
  xmapwait=$build/bench/xmapwait
  export GDK_BACKEND=x11 GTK_A11Y=none NO_AT_BRIDGE=1 GSETTINGS_BACKEND=keyfile

  run_df () {
    env DRAFTFORGE_DB="$tmp/df/draftforge.db" DRAFTFORGE_NO_ONBOARDING=1 \
        GSETTINGS_SCHEMA_DIR="$build/data" \
        XDG_CONFIG_HOME="$tmp/df/config" XDG_DATA_HOME="$tmp/df/data" \
        XDG_CACHE_HOME="$tmp/df/cache" XDG_STATE_HOME="$tmp/df/state" \
        "$xmapwait" "$@" -- "$build/src/draftforge"
  }
  run_gte () {
    env -u GSETTINGS_SCHEMA_DIR \
        XDG_CONFIG_HOME="$tmp/gte/config" XDG_DATA_HOME="$tmp/gte/data" \
        XDG_CACHE_HOME="$tmp/gte/cache" XDG_STATE_HOME="$tmp/gte/state" \
        "$xmapwait" "$@" -- gnome-text-editor --standalone "$novel"
  }
  ms_of () { sed -n 's/^map_ms=\([0-9.]*\).*/\1/p'; }

  for renderer in default gl cairo; do
    if [[ $renderer == default ]]; then unset GSK_RENDERER; else export GSK_RENDERER=$renderer; fi
    df=() gte=()
    # One launch of each first, not counted: fills the page cache and the
    # fontconfig and shader caches for both alike.
    run_df >/dev/null 2>&1 || true
    (( have_gte )) && { run_gte >/dev/null 2>&1 || true; }
    for ((i = 0; i < runs; i++)); do
      t=$(run_df 2>/dev/null | ms_of) && [[ -n $t ]] && df+=("$t")
      if (( have_gte )); then
        t=$(run_gte 2>/dev/null | ms_of) && [[ -n $t ]] && gte+=("$t")
      fi
    done
    echo "== launch to first mapped window (GSK_RENDERER=$renderer; exec to MapNotify, ms) =="
    printf '%-44s %4s %9s %9s %9s\n' "program" "runs" "min" "median" "max"
    median_line "draftforge (Pride and Prejudice reopened)" "${df[@]}"
    if (( have_gte )); then
      median_line "gnome-text-editor --standalone (same text)" "${gte[@]}"
      if (( ${#df[@]} && ${#gte[@]} )); then
        awk -v a="$(bench_median "${df[@]}")" -v b="$(bench_median "${gte[@]}")" \
          'BEGIN { printf "ratio of medians draftforge / gnome-text-editor: %.2f (budget <= 1.00)\n", a / b }'
      fi
    fi
    # Memory of the launched application, 1.5 s after its window appeared.
    echo "draftforge resident memory 1.5 s after mapping (Pride and Prejudice): $(run_df --rss-after 1500 2>/dev/null | sed 's/^map_ms=[0-9.]* //')"
    if (( have_gte )); then
      echo "gnome-text-editor resident memory 1.5 s after mapping:                $(run_gte --rss-after 1500 2>/dev/null | sed 's/^map_ms=[0-9.]* //')"
    fi
    echo
  done
  exit 0
fi

# ---- outside: checks, build, data ---------------------------------------
corpus=${DRAFTFORGE_CORPUS:-$root/../shared/corpus}
runs=${1:-9}
pride=$corpus/novels/pride-and-prejudice.txt

bench_check_runs bench-app.sh "$runs"
if [[ ! -r $pride || ! -r $corpus/novels/war-and-peace.txt ]]; then
  echo "bench-app.sh: the novels are missing from $corpus/novels; put the corpus at ../shared/corpus beside the repository or set DRAFTFORGE_CORPUS" >&2
  exit 1
fi
for tool in xvfb-run dbus-run-session gsettings; do
  if ! command -v $tool >/dev/null; then
    echo "bench-app.sh: $tool is missing (apt-get install xvfb dbus libglib2.0-bin)" >&2
    exit 1
  fi
done
have_gte=1
if ! command -v gnome-text-editor >/dev/null; then
  echo "bench-app.sh: gnome-text-editor is missing, so the launch comparison is skipped; apt-get install gnome-text-editor" >&2
  have_gte=0
fi
corpus=$(cd "$corpus" && pwd)
pride=$corpus/novels/pride-and-prejudice.txt

bench_build "$root" "$build" src/draftforge src/draftforge-cli bench/bench-app data/gschemas.compiled
bench_xmapwait bench-app.sh "$build"
bench_app_tmp app

# DraftForge reopens the last project from GSettings: a keyfile backend in
# the temporary config directory keeps it between launches.
slug=$("$build/src/draftforge-cli" --db "$tmp/df/draftforge.db" import "$pride" >/dev/null &&
       "$build/src/draftforge-cli" --db "$tmp/df/draftforge.db" project list | awk 'NR > 0 && $1 ~ /pride/ { print $1; exit }')
slug=${slug:-pride-and-prejudice}
GSETTINGS_BACKEND=keyfile XDG_CONFIG_HOME="$tmp/df/config" GSETTINGS_SCHEMA_DIR="$build/data" \
  gsettings set io.github.draftforge.DraftForge last-project "$slug"
if ! grep -q "last-project='$slug'" "$tmp/df/config/glib-2.0/settings/keyfile" 2>/dev/null; then
  echo "bench-app.sh: could not store last-project in the keyfile settings" >&2
  exit 1
fi

echo "DraftForge $(sed -n "s/^  version: '\\(.*\\)',/\\1/p" "$root/meson.build"), $(nproc) CPUs, $(uname -r)"
echo "gnome-text-editor: $( (( have_gte )) && gnome-text-editor --version 2>/dev/null | head -1 || echo missing)"
echo "project reopened at launch: $slug (from $pride)"
echo

xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- \
  "$root/bench/bench-app.sh" --inner "$runs" "$tmp" "$pride" "$have_gte" 2> >(grep -v 'dbus-daemon' >&2)

for renderer in default gl cairo; do
  echo "== War and Peace in-process (GSK_RENDERER=$renderer) =="
  if [[ $renderer == default ]]; then unset GSK_RENDERER; else export GSK_RENDERER=$renderer; fi
  xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- \
    env GDK_BACKEND=x11 "$build/bench/bench-app" --corpus "$corpus" --runs 21 2> >(grep -v 'dbus-daemon' >&2)
  echo
done

echo "== War and Peace as one chapter of 3.2 MB: typing in it, autosave on =="
unset GSK_RENDERER
xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- \
  env GDK_BACKEND=x11 "$build/bench/bench-app" --corpus "$corpus" --runs 15 --typing 2> >(grep -v 'dbus-daemon' >&2)

echo
echo "== War and Peace ten times over (3,650 chapters): opening it, budget under 200 ms =="
xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- \
  env GDK_BACKEND=x11 "$build/bench/bench-app" --corpus "$corpus" --runs 3 --times 10 2> >(grep -v 'dbus-daemon' >&2)
