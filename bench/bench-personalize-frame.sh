#!/usr/bin/env bash
# A cached personalised chapter shows in the reader as fast as the
# original (the same frame budget): bench/bench-personalize-frame, under
# Xvfb, with the plugins of the build loaded as the application loads
# them.  Not part of the test suite.
#
# Usage: bench/bench-personalize-frame.sh [RUNS]     (default 21)
# Uses build/ (meson setup build; ninja -C build) and the corpus Rust book
# in ../shared/corpus.
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${DF_BENCH_BUILD:-$root/build}
ninja -C "$build" bench/bench-personalize-frame plugins/personalize/libpersonalize.so >/dev/null 2>&1 ||
  ninja -C "$build" >/dev/null

export DRAFTFORGE_PLUGIN_PATH=$build/plugins
export DRAFTFORGE_PLUGIN_RUNNER=$build/src/draftforge-plugin-runner
export GSETTINGS_SCHEMA_DIR=$build/data
export GSK_RENDERER=${GSK_RENDERER:-cairo}
export GDK_BACKEND=x11
export NO_AT_BRIDGE=1
exec xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- \
  "$build/bench/bench-personalize-frame" "${1:-21}"
