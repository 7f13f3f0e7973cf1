# bench-lib.sh: what the benchmark scripts share; sourced, not run.
#
# SPDX-License-Identifier: GPL-3.0-or-later

# bench_check_runs SCRIPT RUNS: exits unless RUNS is a positive number
bench_check_runs() {
  if ! [[ $2 =~ ^[1-9][0-9]*$ ]]; then
    echo "$1: RUNS must be a positive number (got '$2')" >&2
    exit 1
  fi
}

# bench_build ROOT BUILD TARGET...: an optimised build without sanitizers
# in BUILD (set up, or reconfigured), then TARGETs built
bench_build() {
  local root=$1 build=$2
  shift 2
  if [[ -f $build/build.ninja ]]; then
    meson configure "$build" --buildtype=release -Dsanitize=false >/dev/null
  else
    meson setup "$build" "$root" --buildtype=release -Dsanitize=false >/dev/null
  fi
  ninja -C "$build" -j2 "$@" >/dev/null
}

# bench_xmapwait SCRIPT BUILD: bench/xmapwait (re)built in BUILD; exits
# when it cannot be (it needs libx11-dev)
bench_xmapwait() {
  ninja -C "$2" -j2 bench/xmapwait >/dev/null 2>&1 || true
  if [[ ! -x $2/bench/xmapwait ]]; then
    echo "$1: bench/xmapwait was not built (apt-get install libx11-dev, then meson setup --reconfigure $2)" >&2
    exit 1
  fi
}

# bench_app_tmp NAME: sets tmp to a new temporary folder, removed when the
# script exits, with a config folder for each application compared
# (df/config, gte/config)
bench_app_tmp() {
  tmp=$(mktemp -d "${TMPDIR:-/tmp}/df-bench-$1-XXXXXX")
  trap 'rm -rf "$tmp"' EXIT
  mkdir -p "$tmp/df/config" "$tmp/gte/config"
}

# bench_median NUMBER...: prints the median (nothing for no numbers)
bench_median() {
  printf '%s\n' "$@" | sort -g | awk '
    { v[NR] = $1 }
    END { if (NR) print NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
