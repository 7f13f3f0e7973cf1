#!/usr/bin/env bash
# Start-up of two builds side by side, in the same run, alternating: the
# core as a shared library against the core linked into each program
# (issue 16, the ABI).  Not part of the test suite.
#
#   bench/bench-abi.sh BEFORE_BUILD AFTER_BUILD [RUNS]
#
# Each build must hold src/draftforge, src/draftforge-cli and
# plugins/exporter (optimised: bench_build in bench-lib.sh); the after
# build (or the before one) also bench/xmapwait and data/gschemas.compiled,
# used for both.
# Both load the exporter plugin only.  Measured, RUNS times each (default
# 15), before and after alternating: `draftforge-cli project list` and
# `draftforge-cli plugin list --json` on a database holding Pride and
# Prejudice (process start to exit, and its CPU time: perf stat's
# task-clock), and the application's launch to its first window with the
# book open and its CPU time until it goes quiet (bench/xmapwait
# --ping-for, under Xvfb).  Prints medians and the programs' sizes.  On a
# loaded machine the CPU times are the steadier figures.
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
source "$root/bench/bench-lib.sh"

if [[ ${1:-} == --inner ]]; then
  shift
  runs=$1 tmp=$2 before=$3 after=$4 tools=$5
  export GDK_BACKEND=x11 GTK_A11Y=none NO_AT_BRIDGE=1 GSETTINGS_BACKEND=keyfile
  launch () {
    env DRAFTFORGE_DB="$tmp/$1.db" DRAFTFORGE_NO_ONBOARDING=1 DRAFTFORGE_PLUGIN_PATH="$tmp/plugins-$1" \
        GSETTINGS_SCHEMA_DIR="$tools/data" XDG_CONFIG_HOME="$tmp/config-$1" \
        XDG_DATA_HOME="$tmp/data-$1" XDG_CACHE_HOME="$tmp/cache" \
        "$tools/bench/xmapwait" --ping-for 1500 -- "$2/src/draftforge" 2>/dev/null
  }
  field () { sed -n "s/.*$1=\([0-9.]*\).*/\1/p"; }
  launch before "$before" >/dev/null || true
  launch after "$after" >/dev/null || true
  bm=() am=() bc=() ac=()
  for ((i = 0; i < runs; i++)); do
    out=$(launch before "$before") && [[ -n $out ]] && bm+=("$(field map_ms <<<"$out")") && bc+=("$(field cpu_s <<<"$out")")
    out=$(launch after "$after") && [[ -n $out ]] && am+=("$(field map_ms <<<"$out")") && ac+=("$(field cpu_s <<<"$out")")
  done
  echo "app launch to first window: before median $(bench_median "${bm[@]}") ms (${#bm[@]} runs), after $(bench_median "${am[@]}") ms (${#am[@]} runs)"
  echo "app CPU time until quiet: before median $(bench_median "${bc[@]}") s, after $(bench_median "${ac[@]}") s"
  exit 0
fi

before=$(cd "${1:?usage: bench-abi.sh BEFORE_BUILD AFTER_BUILD [RUNS]}" && pwd)
after=$(cd "${2:?usage: bench-abi.sh BEFORE_BUILD AFTER_BUILD [RUNS]}" && pwd)
runs=${3:-15}
bench_check_runs bench-abi.sh "$runs"
# the compiled schema and xmapwait, from whichever build has them
tools=$after
[[ -x $tools/bench/xmapwait && -f $tools/data/gschemas.compiled ]] || tools=$before
corpus=${DRAFTFORGE_CORPUS:-$root/../shared/corpus}
pride=$(cd "$corpus/novels" && pwd)/pride-and-prejudice.txt
tmp=$(mktemp -d "${TMPDIR:-/tmp}/df-bench-abi-XXXXXX")
trap 'rm -rf "$tmp"' EXIT

for side in before after; do
  build=${!side}
  mkdir -p "$tmp/plugins-$side/exporter"
  cp "$build"/plugins/exporter/libdraftforge-exporter.so "$build"/plugins/exporter/exporter.plugin "$tmp/plugins-$side/exporter/"
  "$build/src/draftforge-cli" --db "$tmp/$side.db" import "$pride" >/dev/null
  slug=$("$build/src/draftforge-cli" --db "$tmp/$side.db" project list | awk '$1 ~ /pride/ { print $1; exit }')
  GSETTINGS_BACKEND=keyfile XDG_CONFIG_HOME="$tmp/config-$side" GSETTINGS_SCHEMA_DIR="$tools/data" \
    gsettings set io.github.draftforge.DraftForge last-project "$slug"
done

# one command line run: "WALL_MS CPU_MS" (task-clock)
cli_ms () {
  local side=$1 build=$2; shift 2
  local t0 t1 cpu
  t0=$(date +%s%N)
  cpu=$(DRAFTFORGE_PLUGIN_PATH="$tmp/plugins-$side" perf stat -x, -e task-clock \
          "$build/src/draftforge-cli" --db "$tmp/$side.db" "$@" 2>&1 >/dev/null | awk -F, '/task-clock/ { print $1 }')
  t1=$(date +%s%N)
  echo "$(echo "scale=2; ($t1 - $t0) / 1000000" | bc) $cpu"
}

for cmd in "project list" "plugin list --json"; do
  # shellcheck disable=SC2086
  cli_ms before "$before" $cmd >/dev/null; cli_ms after "$after" $cmd >/dev/null
  bw=() aw=() bc=() ac=()
  for ((i = 0; i < runs; i++)); do
    # shellcheck disable=SC2086
    read -r w c < <(cli_ms before "$before" $cmd); bw+=("$w"); bc+=("$c")
    # shellcheck disable=SC2086
    read -r w c < <(cli_ms after "$after" $cmd); aw+=("$w"); ac+=("$c")
  done
  echo "draftforge-cli $cmd ($runs runs each): wall before median $(bench_median "${bw[@]}") ms, after $(bench_median "${aw[@]}") ms;" \
       "CPU before $(bench_median "${bc[@]}") ms, after $(bench_median "${ac[@]}") ms"
done

xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- bash "$0" --inner "$runs" "$tmp" "$before" "$after" "$tools"

size () { stat -c %s "$1"; }
for side in before after; do
  build=${!side}
  core=0
  [[ -f $build/src/core/libdraftforge-1.so ]] && core=$(stat -L -c %s "$build/src/core/libdraftforge-1.so")
  echo "$side: draftforge $(size "$build/src/draftforge") B, draftforge-cli $(size "$build/src/draftforge-cli") B," \
       "draftforge-plugin-runner $(size "$build/src/draftforge-plugin-runner") B, libdraftforge-1.so $core B;" \
       "dynamic symbols exported: cli $(nm -D --defined-only "$build/src/draftforge-cli" | wc -l)," \
       "core library $([[ $core != 0 ]] && nm -D --defined-only "$build/src/core/libdraftforge-1.so" | wc -l || echo 0)"
done
