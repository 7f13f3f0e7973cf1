#!/usr/bin/env bash
# test-install.sh BUILD_DIR: a Debian-style install check.  `meson install
# --destdir` into a temporary folder, as a package build does, then what a
# package would hold is checked and the installed programs are run from it.
#
# The installed programs have the prefix baked in (PLUGINDIR, LOCALEDIR),
# not the temporary folder, so each run is given what a real install would
# give them by their place (they link no DraftForge library: the core is
# in each program, which exports the plugin API):
#   DRAFTFORGE_PLUGIN_PATH  the installed plugin folder (in place of
#                           PLUGINDIR)
#   XDG_DATA_DIRS           the installed share/ first: the compiled schema,
#                           the icon, the desktop file
# With a destdir, meson skips glib-compile-schemas and the icon cache (a
# package's triggers run them on the target); this test compiles the
# installed schema as the trigger would.
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -uo pipefail

# shellcheck source=tests/test-lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/test-lib.sh"
need_file () {
  if [[ -f $1 ]]; then ok "installed: ${1#"$dest"}"; else fail "not installed: ${1#"$dest"}"; fi
}

for tool in meson python3 glib-compile-schemas; do
  if ! command -v "$tool" >/dev/null; then
    echo "SKIP: $tool is not on PATH"
    exit 77
  fi
done

# The installed layout, from the build's own options.
eval "$(meson introspect --buildoptions "$build" | python3 -c '
import json, os, sys
opts = {o["name"]: o["value"] for o in json.load(sys.stdin)}
prefix = opts["prefix"]
for name in ("bindir", "libdir", "datadir", "includedir", "localedir"):
    print(f"{name}={os.path.join(prefix, opts[name])}")
print(f"prefix={prefix}")
')"
dest=$tmp/dest

# 1. Install, as dh_auto_install does, without rebuilding (meson test
# built everything already; a rebuild here would race with it).
if meson install -C "$build" --destdir "$dest" --no-rebuild --quiet >"$tmp/install.log" 2>&1; then
  ok "meson install --destdir"
else
  fail "meson install --destdir failed:"; sed 's/^/  /' "$tmp/install.log"
  exit 1
fi

# 2. What a package holds.
need_file "$dest$bindir/draftforge"
need_file "$dest$bindir/draftforge-cli"
# One core per process: in each program, no shared library of it.
lib=$(ls "$dest$libdir"/libdraftforge* 2>/dev/null | head -1)
if [[ -z $lib ]]; then ok "no DraftForge library installed (the core is in each program)"; else fail "a DraftForge library is installed: ${lib#"$dest"}"; fi
plugindir=$libdir/draftforge/plugins
for plugin in exporter/exporter.plugin exporter/libdraftforge-exporter.so \
              coach/coach.plugin coach/libdraftforge-coach.so; do
  need_file "$dest$plugindir/$plugin"
done
app_id=io.github.draftforge.DraftForge
need_file "$dest$datadir/applications/$app_id.desktop"
need_file "$dest$datadir/metainfo/$app_id.metainfo.xml"
need_file "$dest$datadir/glib-2.0/schemas/$app_id.gschema.xml"
need_file "$dest$datadir/icons/hicolor/scalable/apps/$app_id.svg"
need_file "$dest$datadir/icons/hicolor/symbolic/apps/$app_id-symbolic.svg"
need_file "$dest$localedir/ur/LC_MESSAGES/draftforge.mo"
need_file "$dest$includedir/draftforge-1/draftforge-plugin.h"
need_file "$dest$libdir/pkgconfig/draftforge-plugin.pc"

# Nothing installed points back into the build tree.
if leaks=$(grep -rlI -- "$build" "$dest" 2>/dev/null) && [[ -n $leaks ]]; then
  fail "installed files name the build tree: $leaks"
else
  ok "no installed text file names the build tree"
fi

# The desktop file and the metainfo, as installed.
if command -v desktop-file-validate >/dev/null; then
  if desktop-file-validate "$dest$datadir/applications/$app_id.desktop" >"$tmp/out" 2>&1; then
    ok "the installed desktop file validates"
  else
    fail "desktop-file-validate:"; sed 's/^/  /' "$tmp/out"
  fi
fi
if grep -q "^Name\[ur\]=" "$dest$datadir/applications/$app_id.desktop"; then
  ok "the installed desktop file is translated into Urdu"
else
  fail "the installed desktop file has no Name[ur]"
fi
if grep -q "Icon=$app_id\$" "$dest$datadir/applications/$app_id.desktop"; then
  ok "the desktop file names the installed icon"
else
  fail "the desktop file's Icon= is not $app_id"
fi

# 3. The schema, compiled as the package's trigger compiles it.
schemas=$dest$datadir/glib-2.0/schemas
if glib-compile-schemas --strict "$schemas" >"$tmp/out" 2>&1 && [[ -f $schemas/gschemas.compiled ]]; then
  ok "the installed schema compiles (gschemas.compiled)"
else
  fail "glib-compile-schemas on the installed schema:"; sed 's/^/  /' "$tmp/out"
fi
if command -v gsettings >/dev/null; then
  if GSETTINGS_BACKEND=memory gsettings --schemadir "$schemas" get "$app_id" autosave-interval >"$tmp/out" 2>&1; then
    ok "gsettings reads the installed schema (autosave-interval = $(cat "$tmp/out"))"
  else
    fail "gsettings cannot read the installed schema:"; sed 's/^/  /' "$tmp/out"
  fi
fi

# 4. The installed programs, run from the destdir.
export DRAFTFORGE_PLUGIN_PATH=$dest$plugindir
export XDG_DATA_DIRS=$dest$datadir:/usr/local/share:/usr/share
unset GSETTINGS_SCHEMA_DIR DISPLAY WAYLAND_DISPLAY
export HOME=$tmp/home XDG_DATA_HOME=$tmp/home/data XDG_CONFIG_HOME=$tmp/home/config
export XDG_CACHE_HOME=$tmp/home/cache DRAFTFORGE_DB=$tmp/books.db
export LANGUAGE= LC_ALL=C.UTF-8 GDK_BACKEND=x11 GSETTINGS_BACKEND=memory NO_AT_BRIDGE=1
export ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0
mkdir -p "$HOME"
cd "$tmp"
cli=$dest$bindir/draftforge-cli

if out=$("$cli" --version 2>&1) && [[ $out == "draftforge-cli "* ]]; then
  ok "installed draftforge-cli --version ($out)"
else
  fail "installed draftforge-cli --version: $out"
fi
ldd "$cli" >"$tmp/ldd" 2>&1
if grep -q "libdraftforge" "$tmp/ldd"; then
  fail "the installed draftforge-cli links a DraftForge library:"; sed 's/^/  /' "$tmp/ldd"
else
  ok "the installed draftforge-cli links no DraftForge library"
fi

if "$cli" plugin list --json >"$tmp/plugins.json" 2>"$tmp/err"; then
  if python3 - "$tmp/plugins.json" "$dest$plugindir" <<'PY'
import json, sys
plugins = {p["id"]: p for p in json.load(open(sys.argv[1]))}
bad = []
for pid in ("io.github.draftforge.Exporter", "io.github.draftforge.Coach"):
    p = plugins.get(pid)
    if p is None:
        bad.append(f"{pid} not found")
    elif not p["loaded"] or p["error"] or not p["dir"].startswith(sys.argv[2]):
        bad.append(f"{pid}: loaded={p['loaded']} error={p['error']} dir={p['dir']}")
if bad:
    print("\n".join(bad))
sys.exit(1 if bad else 0)
PY
  then ok "installed plugins found and loaded from $plugindir"
  else fail "installed plugins:"; cat "$tmp/plugins.json"
  fi
else
  fail "installed draftforge-cli plugin list:"; sed 's/^/  /' "$tmp/err"
fi

# The installed exporter works: the installed sample book, to Markdown.
sample=$dest$datadir/draftforge/sample
if slug=$("$cli" import "$sample" 2>"$tmp/err") &&
   "$cli" export "$slug" --format markdown -o "$tmp/sample.md" >/dev/null 2>>"$tmp/err" &&
   [[ -s $tmp/sample.md ]]; then
  ok "installed draftforge-cli imports the installed sample and exports it with the installed plugin"
else
  fail "import and export with the installed programs:"; sed 's/^/  /' "$tmp/err"
fi

# Its messages in Urdu come from the installed catalogue: the programs look
# in LOCALEDIR (the prefix), so the destdir's is read here with msgunfmt.
if command -v msgunfmt >/dev/null; then
  msgunfmt "$dest$localedir/ur/LC_MESSAGES/draftforge.mo" >"$tmp/ur.po" 2>&1
  if grep -q "^msgstr \"پروجیکٹوں کی فہرست\"" "$tmp/ur.po"; then
    ok "the installed Urdu catalogue holds the command line's help"
  else
    fail "the installed Urdu catalogue lacks the command line's help"
  fi
fi

app=$dest$bindir/draftforge
if out=$("$app" --version 2>&1) && [[ $out == "draftforge "* ]]; then
  ok "installed draftforge --version ($out)"
else
  fail "installed draftforge --version: $out"
fi
# With no display, the installed application gets past its schema (found in
# the installed, compiled schemas) and stops only because it cannot open a
# window.
"$app" >"$tmp/out" 2>"$tmp/err"
status=$?
if grep -q "settings schema" "$tmp/err"; then
  fail "the installed draftforge does not find its installed schema:"; sed 's/^/  /' "$tmp/err"
elif [[ $status -ne 0 ]] && grep -qi "cannot open display" "$tmp/err"; then
  ok "the installed draftforge finds its installed schema (and stops for want of a display)"
else
  fail "the installed draftforge ended with status $status:"; sed 's/^/  /' "$tmp/err"
fi

# 5. A plugin can be built against the installed headers alone.
if command -v pkg-config >/dev/null && command -v cc >/dev/null; then
  export PKG_CONFIG_PATH=$dest$libdir/pkgconfig
  pc=(pkg-config --define-variable=prefix="$dest$prefix")
  if version=$("${pc[@]}" --modversion draftforge-plugin 2>"$tmp/err"); then
    ok "pkg-config draftforge-plugin: $version, plugindir $("${pc[@]}" --variable=plugindir draftforge-plugin)"
  else
    fail "pkg-config draftforge-plugin:"; sed 's/^/  /' "$tmp/err"
  fi
  # A plugin links no DraftForge library: Cflags only.
  if libs=$("${pc[@]}" --libs draftforge-plugin 2>&1) && [[ $libs != *draftforge* ]]; then
    ok "pkg-config draftforge-plugin links no DraftForge library ($libs)"
  else
    fail "pkg-config --libs draftforge-plugin: $libs"
  fi
  printf '#include <draftforge-plugin.h>\nint main (void) { return 0; }\n' > "$tmp/plugin.c"
  # Its own Cflags with the destdir's includedir, and those of what it
  # requires from the system (a --define-variable=prefix would move those
  # too).
  own=-I$("${pc[@]}" --variable=apiincludedir draftforge-plugin)
  if [[ " $(sed -n 's/^Cflags: *//p' "$dest$libdir/pkgconfig/draftforge-plugin.pc") " == *' -I${apiincludedir} '* ]]; then
    ok "draftforge-plugin.pc: Cflags -I\${apiincludedir} ($own)"
  else
    fail "draftforge-plugin.pc's Cflags: $(grep '^Cflags' "$dest$libdir/pkgconfig/draftforge-plugin.pc")"
  fi
  # shellcheck disable=SC2046
  if cc -fsyntax-only $own $(pkg-config --cflags $(pkg-config --print-requires draftforge-plugin | cut -d' ' -f1)) \
       "$tmp/plugin.c" >"$tmp/out" 2>&1; then
    ok "draftforge-plugin.h compiles from the installed headers"
  else
    fail "the installed headers do not compile:"; sed 's/^/  /' "$tmp/out"
  fi

  # One header alone is refused: a plugin includes the umbrella header.
  printf '#include <df-agent.h>\nint main (void) { return 0; }\n' > "$tmp/part.c"
  # shellcheck disable=SC2046
  if cc -fsyntax-only $own $(pkg-config --cflags $(pkg-config --print-requires draftforge-plugin | cut -d' ' -f1)) \
       "$tmp/part.c" >"$tmp/out" 2>&1; then
    fail "<df-agent.h> alone compiled; only <draftforge-plugin.h> should"
  elif grep -q "Only <draftforge-plugin.h> can be included directly" "$tmp/out"; then
    ok "a part of the plugin API included alone is refused with the reason"
  else
    fail "<df-agent.h> alone failed for another reason:"; sed 's/^/  /' "$tmp/out"
  fi

  # The example agent of docs/plugins.md (docs/plugins/long-sentences),
  # built out of tree as its author would build it, installed with the
  # installed command line, run through `agent run`, its setting changed
  # with `plugin settings`.
  example=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/docs/plugins/long-sentences
  mkdir -p "$tmp/long-sentences"
  # shellcheck disable=SC2046
  if cc -shared -fPIC -Wall -Werror -o "$tmp/long-sentences/liblong-sentences.so" "$example/long-sentences.c" \
       $own $(pkg-config --cflags $(pkg-config --print-requires draftforge-plugin | cut -d' ' -f1)) \
       $(pkg-config --libs $(pkg-config --print-requires draftforge-plugin | cut -d' ' -f1)) >"$tmp/out" 2>&1 &&
     cp "$example/long-sentences.plugin" "$tmp/long-sentences/"; then
    ok "the example agent builds out of tree against the installed headers (no library)"
  else
    fail "the example agent does not build:"; sed 's/^/  /' "$tmp/out"
  fi
  printf '# Harbour\n\nThe boats came in. The keeper climbed the stairs of the old lighthouse at dusk, counting each of the hundred and twelve steps as his father had taught him to count them, and lit the lamp.\n\nNight fell.\n' \
    >"$tmp/harbour.md"
  findings () {
    "$cli" agent run long-sentences "$1" --json 2>>"$tmp/err" | python3 -c '
import json, sys
issues = json.load(sys.stdin)["issues"]
print(" ".join(i["check"] + ":" + i["quote"].split()[0] for i in issues) or "none")'
  }
  if "$cli" plugin install "$tmp/long-sentences" --yes >/dev/null 2>"$tmp/err" &&
     slug=$("$cli" import "$tmp/harbour.md" 2>>"$tmp/err") &&
     [[ $(findings "$slug") == none ]] &&
     "$cli" plugin settings org.example.LongSentences max-words 20 >/dev/null 2>>"$tmp/err" &&
     [[ $("$cli" plugin settings org.example.LongSentences max-words 2>>"$tmp/err") == 20 ]] &&
     [[ $(findings "$slug") == "long-sentence:The" ]]; then
    ok "the example agent installs, finds nothing over 40 words, then the 32-word sentence over its setting of 20"
  else
    fail "the example agent, installed and run:"; sed 's/^/  /' "$tmp/err"
    echo "  findings: $(findings "$slug")"
  fi

  # The ABI is what the headers declare: a plugin that calls an internal
  # function of the core (declared by hand here) is refused at install,
  # the missing symbol named, not crashed later at the call.
  mkdir -p "$tmp/internal"
  printf '#include <draftforge-plugin.h>\nvoid *df_store_get_db (DfStore *self);\n%s\n' \
    'G_MODULE_EXPORT gboolean draftforge_plugin_init (DfPluginRegistry *r, GError **e) { return df_store_get_db (NULL) == NULL; }' \
    >"$tmp/internal.c"
  sed -e 's/^Id=.*/Id=org.example.Internal/' -e 's/^Module=.*/Module=internal/' \
    "$example/long-sentences.plugin" >"$tmp/internal/internal.plugin"
  # shellcheck disable=SC2046
  if cc -shared -fPIC -o "$tmp/internal/libinternal.so" "$tmp/internal.c" \
       $own $(pkg-config --cflags --libs $(pkg-config --print-requires draftforge-plugin | cut -d' ' -f1)) >"$tmp/out" 2>&1; then
    if "$cli" plugin install "$tmp/internal" --yes >"$tmp/out" 2>&1; then
      fail "a plugin calling an internal function (df_store_get_db) was installed"
    elif grep -q "df_store_get_db" "$tmp/out"; then
      ok "a plugin calling an internal function is refused at install, the symbol named"
    else
      fail "a plugin calling an internal function was refused without naming it:"; sed 's/^/  /' "$tmp/out"
    fi
  else
    fail "the plugin calling an internal function does not build:"; sed 's/^/  /' "$tmp/out"
  fi
fi

# 6. Installed anywhere: the tree moved to another prefix, the programs run
# with nothing set for them: they need no library of DraftForge's, and find
# the plugin helper and DraftForge's own plugins beside themselves.
moved=$tmp/elsewhere
mkdir -p "$moved"
cp -a "$dest$prefix/." "$moved/"
bare () {
  env -u LD_LIBRARY_PATH -u DRAFTFORGE_PLUGIN_PATH -u DRAFTFORGE_PLUGIN_RUNNER DRAFTFORGE_DB="$tmp/moved.db" "$@"
}
moved_cli=$moved/${bindir#"$prefix"/}/draftforge-cli
if out=$(bare "$moved_cli" --version 2>&1) && [[ $out == "draftforge-cli "* ]]; then
  ok "moved draftforge-cli starts without LD_LIBRARY_PATH ($out)"
else
  fail "moved draftforge-cli does not start: $out"
fi
if slug=$(bare "$moved_cli" import "$moved/${datadir#"$prefix"/}/draftforge/sample" 2>"$tmp/err") &&
   bare "$moved_cli" export "$slug" --format epub -o "$tmp/moved.epub" >/dev/null 2>>"$tmp/err" &&
   [[ -s $tmp/moved.epub ]]; then
  ok "moved draftforge-cli exports with the plugins and the helper beside it"
else
  fail "export with the moved programs:"; sed 's/^/  /' "$tmp/err"
fi
if out=$(bare "$moved/${bindir#"$prefix"/}/draftforge" --version 2>&1) && [[ $out == "draftforge "* ]]; then
  ok "moved draftforge starts without LD_LIBRARY_PATH"
else
  fail "moved draftforge does not start: $out"
fi

if [[ $failures -gt 0 ]]; then
  echo "$failures check(s) failed"
  exit 1
fi
echo "all checks passed"
