#!/usr/bin/env bash
# test-uninstalled.sh BUILD_DIR: the build tree's programs run with nothing
# to set (meson devenv), and the application without its settings schema
# says what to do instead of aborting.
#
# No display is used: each run of the application is one that must stop
# before opening a window (no schema, or no display to open).
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -uo pipefail

# shellcheck source=tests/test-lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/test-lib.sh"

if ! command -v meson >/dev/null; then
  echo "SKIP: meson is not on PATH"
  exit 77
fi

# What a user has: none of the variables an uninstalled run used to need,
# their own files elsewhere, English messages, and no display.
unset GSETTINGS_SCHEMA_DIR DRAFTFORGE_PLUGIN_PATH DISPLAY WAYLAND_DISPLAY
export HOME=$tmp/home XDG_DATA_HOME=$tmp/home/data XDG_CONFIG_HOME=$tmp/home/config
export XDG_CACHE_HOME=$tmp/home/cache DRAFTFORGE_DB=$tmp/draftforge.db
export LANGUAGE= LC_ALL=C.UTF-8 GDK_BACKEND=x11 GSETTINGS_BACKEND=memory NO_AT_BRIDGE=1
# The checks are of messages and exit statuses; GTK's caches alive at exit
# are not this test's business (the UI tests say the same).
export ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0
mkdir -p "$HOME"

# 1. Without its schema: one clear line, status 1, no abort.
mkdir -p "$tmp/empty"
GSETTINGS_SCHEMA_DIR=$tmp/empty XDG_DATA_DIRS=$tmp/empty \
  "$build/src/draftforge" >"$tmp/out" 2>"$tmp/err"
status=$?
if [[ $status -eq 1 ]]; then ok "no schema: exit status 1"; else fail "no schema: exit status $status, not 1"; fi
if grep -q "settings schema (io.github.draftforge.DraftForge) is not installed" "$tmp/err" &&
   grep -q "meson devenv -C BUILD draftforge" "$tmp/err" &&
   grep -q "meson install -C BUILD" "$tmp/err"; then
  ok "no schema: says how to run or install it"
else
  fail "no schema: the message is missing; stderr was:"; sed 's/^/  /' "$tmp/err"
fi
if grep -qi "abort\|critical\|Settings schema .* is not installed$" "$tmp/err"; then
  fail "no schema: GLib's abort message or a critical is there:"; sed 's/^/  /' "$tmp/err"
fi

# --version needs no schema.
if out=$(GSETTINGS_SCHEMA_DIR=$tmp/empty XDG_DATA_DIRS=$tmp/empty "$build/src/draftforge" --version 2>&1) &&
   [[ $out == "draftforge "* ]]; then
  ok "no schema: --version still answers ($out)"
else
  fail "no schema: --version gave: $out"
fi

# 2. meson devenv: the command line finds DraftForge's own plugins.
cd "$tmp"
if out=$(meson devenv -C "$build" draftforge-cli --version 2>&1); then
  ok "devenv: draftforge-cli --version ($out)"
else
  fail "devenv: draftforge-cli --version failed: $out"
fi
if meson devenv -C "$build" draftforge-cli plugin list --json >"$tmp/plugins.json" 2>"$tmp/err"; then
  for id in io.github.draftforge.Exporter io.github.draftforge.Coach; do
    if python3 - "$tmp/plugins.json" "$id" <<'PY'
import json, sys
plugins = {p["id"]: p for p in json.load(open(sys.argv[1]))}
p = plugins.get(sys.argv[2])
sys.exit(0 if p and p.get("enabled") and p.get("loaded") and not p.get("error") else 1)
PY
    then ok "devenv: plugin list finds $id, enabled and loaded"
    else fail "devenv: plugin list lacks $id or it has an error:"; sed 's/^/  /' "$tmp/plugins.json"
    fi
  done
else
  fail "devenv: draftforge-cli plugin list failed:"; sed 's/^/  /' "$tmp/err"
fi

# meson devenv: the application finds the build tree's translations.
if out=$(LANGUAGE=ur meson devenv -C "$build" draftforge --help 2>&1) && [[ $out == *"پروجیکٹ SLUG کھولیں"* ]]; then
  ok "devenv: draftforge is in Urdu with LANGUAGE=ur"
else
  fail "devenv: draftforge --help with LANGUAGE=ur is not in Urdu: $out"
fi

# 3. meson devenv: the application finds its schema (it goes on to need a
# display, which this test does not give it) and its icon.
# On a bus of its own: the session bus the suite runs on is shared with the
# UI tests, whose instances of the same application id come and go, and a
# first instance that quits while this one registers is not this test's
# business.
private_bus=()
if command -v dbus-run-session >/dev/null; then private_bus=(dbus-run-session --); fi
"${private_bus[@]}" meson devenv -C "$build" draftforge >"$tmp/out" 2>"$tmp/err"
status=$?
if grep -q "settings schema" "$tmp/err"; then
  fail "devenv: draftforge does not find its schema:"; sed 's/^/  /' "$tmp/err"
elif [[ $status -ne 0 ]] && grep -qi "cannot open display" "$tmp/err"; then
  ok "devenv: draftforge finds its schema and stops only for want of a display"
else
  fail "devenv: draftforge ended with status $status:"; sed 's/^/  /' "$tmp/err"
fi

icon=apps/io.github.draftforge.DraftForge.svg
if dirs=$(meson devenv -C "$build" printenv XDG_DATA_DIRS) &&
   found=$(IFS=:; for d in $dirs; do if [[ -f $d/icons/hicolor/scalable/$icon ]]; then echo "$d"; fi; done) &&
   [[ -n $found ]]; then
  ok "devenv: the icon is in XDG_DATA_DIRS ($found/icons/hicolor)"
else
  fail "devenv: no folder of XDG_DATA_DIRS ($dirs) holds icons/hicolor/scalable/$icon"
fi
if [[ $dirs == *:/usr/share* ]]; then
  ok "devenv: XDG_DATA_DIRS keeps the system's folders"
else
  fail "devenv: XDG_DATA_DIRS lost the system's folders: $dirs"
fi

# The build tree's command line, run as it is (no devenv): an export goes
# through the helper process built beside it.
printf 'Some words.' >"$tmp/one.md"
if slug=$(DRAFTFORGE_PLUGIN_PATH=$build/plugins "$build/src/draftforge-cli" import "$tmp/one.md" 2>"$tmp/err") &&
   env -u DRAFTFORGE_PLUGIN_RUNNER DRAFTFORGE_PLUGIN_PATH=$build/plugins \
     "$build/src/draftforge-cli" export "$slug" --format markdown -o "$tmp/out.md" >/dev/null 2>"$tmp/err" &&
   [[ -s $tmp/out.md ]]; then
  ok "build tree: draftforge-cli export finds the helper beside it"
else
  fail "build tree: draftforge-cli export failed:"; sed 's/^/  /' "$tmp/err"
fi

if [[ $failures -gt 0 ]]; then
  echo "$failures check(s) failed"
  exit 1
fi
echo "all checks passed"
