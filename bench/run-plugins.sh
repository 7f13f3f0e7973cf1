#!/usr/bin/env bash
# Times scanning and loading DraftForge's own plugins, as start-up does:
# a fresh process each run (the first load of a module is what start-up
# pays), median of RUNS (default 15), in a release build.
#
#   bash bench/run-plugins.sh [RUNS]
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
source "$root/bench/bench-lib.sh"
runs=${1:-15}
build=$root/build-bench

bench_check_runs run-plugins.sh "$runs"
# the modules and their manifests: without a manifest a plugin is not found
bench_build "$root" "$build" bench/bench-plugins \
  plugins/exporter/libdraftforge-exporter.so plugins/exporter/exporter.plugin \
  plugins/coach/libdraftforge-coach.so plugins/coach/coach.plugin

export DRAFTFORGE_PLUGIN_PATH=$build/plugins
times=()
for ((i = 0; i < runs; i++)); do
  line=$("$build/bench/bench-plugins")
  times+=("${line%% ms*}")
  last=$line
done
sorted=$(printf '%s\n' "${times[@]}" | sort -g)
min=$(head -n1 <<<"$sorted")
max=$(tail -n1 <<<"$sorted")
median=$(bench_median "${times[@]}")
echo "plugin scan+load: min $min / median $median / max $max ms over $runs runs ${last#* ms }"
