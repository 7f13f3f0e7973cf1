#!/usr/bin/env bash
# Takes the README's screenshots of the real application under Xvfb.
#   bash docs/screenshots/take.sh [BUILD_DIR] [BOOK]
# BOOK defaults to Pride and Prejudice from ../shared/corpus (the sample
# book in data/sample when the corpus is absent).
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
build=${1:-$root/build}
book=${2:-$root/../shared/corpus/novels/pride-and-prejudice.txt}
[[ -r $book ]] || book=$root/data/sample

meson compile -C "$build" screenshot draftforge-exporter draftforge-coach
export GSETTINGS_SCHEMA_DIR=$build/data GSETTINGS_BACKEND=memory GTK_A11Y=none NO_AT_BRIDGE=1 GDK_BACKEND=x11
export DRAFTFORGE_PLUGIN_PATH=$build/plugins
xvfb-run -a -s "-screen 0 1280x900x24" dbus-run-session -- \
  "$build/tests/screenshot" "$root/docs/screenshots" "$book"
# The editor in Urdu, right to left, from the build tree's catalogue.
meson compile -C "$build" draftforge-gmo
xvfb-run -a -s "-screen 0 1280x900x24" dbus-run-session -- \
  "$build/tests/screenshot" --urdu "$root/docs/screenshots" "$build/po"
