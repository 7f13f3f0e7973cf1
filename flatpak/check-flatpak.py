#!/usr/bin/env python3
"""check-flatpak.py: what can be checked of the flatpak without Flathub.

  manifest    the manifest parses (with `flatpak-builder --show-manifest`
              when it is installed, as JSON otherwise), every source is
              pinned (git: a tag and its 40-hex commit; archive and file: a
              sha256), only the application's own module builds from the
              work tree, finish-args are no wider than flatpak/README.md
              explains, and the extension points for plugins and
              dictionaries are there
  app-id      the manifest's id is the desktop file's name, the metainfo's
              id and launchable, the icon's name, the settings schema's id
              and path, and meson.build's app_id; its command is a program
              meson installs and the desktop file's Exec
  deps        flatpak/dependencies.txt names every library a meson.build
              asks for, each from the runtime or from a module the manifest
              builds, and every module the manifest builds is named there
  metainfo    `appstreamcli validate --pedantic` passes the built metainfo
              (the notices it may give are listed below, with why), and it
              has what Flathub asks for: content rating, releases, captioned
              screenshots, developer, launchable, URLs

Each check prints what it verified; the test fails if any check fails.
A missing tool (appstreamcli, flatpak-builder) narrows a check and says so.

SPDX-License-Identifier: GPL-3.0-or-later
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

APP_MODULE = 'draftforge'

# finish-args this app may have, each explained in flatpak/README.md.
ALLOWED_FINISH_ARGS = {
    '--share=ipc', '--socket=fallback-x11', '--socket=wayland', '--device=dri',
    '--share=network', '--talk-name=org.freedesktop.secrets',
}
ALLOWED_ENV = {'DRAFTFORGE_PLUGIN_PATH'}
REFUSED_FINISH_ARGS = re.compile(
    r'^--(filesystem=(home|host|host-os|host-etc|~|/)|socket=(x11|session-bus|system-bus|pulseaudio)$'
    r'|device=all|talk-name=org\.freedesktop\.Flatpak|own-name=|system-talk-name=)')

# What `appstreamcli validate --pedantic` may say of the metainfo, and why.
KNOWN_NOTICES = {
    # GNOME's reverse-DNS ids keep the application's capitals; Flathub
    # takes them.
    'cid-contains-uppercase-letter',
    # AppStream 0.16 (Debian 12) predates <developer>, which AppStream 1.0
    # and Flathub read; <developer_name> is given for 0.16.
    'unknown-tag developer',
}

failures = []


def fail(message):
    failures.append(message)
    print('not ok: ' + message)


def ok(message):
    print('ok: ' + message)


def read(path):
    with open(path, encoding='utf-8') as f:
        return f.read()


# ---- the manifest ------------------------------------------------------------

def load_manifest(path):
    builder = shutil.which('flatpak-builder')
    if builder:
        # It keeps a state folder (.flatpak-builder) where it runs: a
        # temporary one, not the sources or the build tree.
        with tempfile.TemporaryDirectory() as scratch:
            result = subprocess.run([builder, '--show-manifest', os.path.abspath(path)],
                                    capture_output=True, text=True, cwd=scratch)
        if result.returncode != 0:
            fail(f'flatpak-builder --show-manifest cannot read the manifest: {result.stderr.strip()}')
            return json.loads(read(path))
        if result.stderr.strip():
            fail(f'flatpak-builder --show-manifest warns: {result.stderr.strip()}')
        ok('flatpak-builder --show-manifest parses the manifest')
        shown = json.loads(result.stdout)
        # What flatpak-builder does not know it drops: compare the keys.
        raw = json.loads(read(path))
        lost = sorted(set(raw) - set(shown))
        if lost:
            fail(f'flatpak-builder ignores the manifest keys {lost}')
        return raw
    print('note: flatpak-builder is not installed (Debian package flatpak-builder): '
          'the manifest is read as JSON only')
    return json.loads(read(path))


def check_sources(manifest, source_root):
    count = 0
    for module in manifest.get('modules', []):
        if isinstance(module, str):
            fail(f'module file {module}: keep the modules in the manifest, where they are checked')
            continue
        for source in module.get('sources', []):
            count += 1
            kind = source.get('type')
            where = f'module {module["name"]}: {kind} source'
            if kind == 'git':
                if not re.fullmatch(r'[0-9a-f]{40}', source.get('commit', '')):
                    fail(f'{where} {source.get("url")} is not pinned by a 40-hex commit')
                elif not source.get('tag'):
                    fail(f'{where} {source.get("url")} has a commit but no tag to say what it is')
                else:
                    ok(f'{where} pinned: tag {source["tag"]}, commit {source["commit"][:12]}')
                if not source.get('url', '').startswith('https://'):
                    fail(f'{where}: the URL must be https')
            elif kind in ('archive', 'file') and 'url' in source:
                if not re.fullmatch(r'[0-9a-f]{64}', source.get('sha256', '')):
                    fail(f'{where} {source["url"]} has no sha256')
                else:
                    ok(f'{where} pinned: sha256 {source["sha256"][:12]}…')
                if not source['url'].startswith('https://'):
                    fail(f'{where}: the URL must be https')
            elif kind in ('file', 'patch') and 'path' in source:
                if os.path.isfile(os.path.join(source_root, 'flatpak', source['path'])):
                    ok(f'{where} {source["path"]} is in the repository')
                else:
                    fail(f'{where} {source["path"]} is not in flatpak/')
            elif kind == 'dir':
                if module['name'] != APP_MODULE:
                    fail(f'{where}: only DraftForge itself may build from the work tree')
                else:
                    ok(f'{where}: DraftForge itself, from the work tree (Flathub\'s copy pins the release: README)')
            else:
                fail(f'{where} is not a pinned kind of source')
    if count == 0:
        fail('the manifest has no sources')


def check_finish_args(manifest, readme):
    args = manifest.get('finish-args', [])
    for arg in args:
        if REFUSED_FINISH_ARGS.match(arg):
            fail(f'finish-arg {arg} is wider than DraftForge needs')
            continue
        if arg.startswith('--env='):
            name = arg[len('--env='):].split('=', 1)[0]
            if name not in ALLOWED_ENV:
                fail(f'finish-arg {arg}: an environment variable not explained')
                continue
        elif arg not in ALLOWED_FINISH_ARGS:
            fail(f'finish-arg {arg} is not among those this check knows; explain it in README and here')
            continue
        if f'`{arg.split("=/")[0]}' not in readme and f'`{arg}`' not in readme:
            fail(f'finish-arg {arg} is not explained in flatpak/README.md')
        else:
            ok(f'finish-arg {arg}: allowed and explained')
    if not any(a.startswith('--socket=wayland') for a in args):
        fail('no --socket=wayland')
    if '--socket=fallback-x11' not in args:
        fail('no --socket=fallback-x11')


def check_extensions(manifest):
    ext = manifest.get('add-extensions', {})
    app_id = manifest['id']
    plugin = ext.get(app_id + '.Plugin')
    if not plugin:
        fail(f'no extension point {app_id}.Plugin for third-party plugins')
    else:
        merged = '/app/' + plugin['directory'].strip('/') + '/' + plugin.get('merge-dirs', '').split(';')[0]
        env = [a for a in manifest.get('finish-args', []) if a.startswith('--env=DRAFTFORGE_PLUGIN_PATH=')]
        if not plugin.get('subdirectories') or not plugin.get('merge-dirs'):
            fail('the Plugin extension point must take several extensions and merge their plugins/ folders')
        elif not env or merged not in env[0].split('=', 2)[2].split(':'):
            fail(f'DRAFTFORGE_PLUGIN_PATH does not include the merged extension folder {merged}')
        else:
            ok(f'extension point {app_id}.Plugin: extensions\' plugins/ merged into {merged}, on DRAFTFORGE_PLUGIN_PATH')
    dictionary = ext.get(app_id + '.Dictionary')
    if not dictionary:
        fail(f'no extension point {app_id}.Dictionary for spelling dictionaries the runtime lacks')
    else:
        merged = dictionary['directory'].strip('/') + '/' + dictionary.get('merge-dirs', '')
        app = next((m for m in manifest['modules'] if isinstance(m, dict) and m['name'] == APP_MODULE), {})
        link = f'ln -s {merged.split("share/", 1)[1]} /app/share/hunspell'
        if link not in app.get('post-install', []):
            fail(f'/app/share/hunspell must lead to the merged dictionaries ({link})')
        else:
            ok(f'extension point {app_id}.Dictionary: /app/share/hunspell leads to /app/{merged}, where enchant looks')


# ---- one application id ----------------------------------------------------------

def check_app_id(manifest, source_root, metainfo_path):
    app_id = manifest['id']
    before = len(failures)
    data = os.path.join(source_root, 'data')
    meson = read(os.path.join(source_root, 'meson.build'))
    m = re.search(r"^app_id\s*=\s*'([^']+)'", meson, re.M)
    same = []
    if not m or m.group(1) != app_id:
        fail(f"meson.build's app_id is {m.group(1) if m else None}, not {app_id}")
    else:
        same.append('meson.build')
    desktop_in = os.path.join(data, app_id + '.desktop.in')
    if not os.path.isfile(desktop_in):
        fail(f'no data/{app_id}.desktop.in')
    else:
        desktop = read(desktop_in)
        icon = re.search(r'^Icon=(.*)$', desktop, re.M)
        exec_ = re.search(r'^Exec=(\S+)', desktop, re.M)
        if not icon or icon.group(1) != app_id:
            fail(f'the desktop file\'s Icon= is not {app_id}')
        else:
            same.append('desktop file and its Icon=')
        if not exec_ or exec_.group(1) != manifest['command']:
            fail(f'the desktop file runs {exec_.group(1) if exec_ else None}, the manifest {manifest["command"]}')
        else:
            same.append('Exec= and command')
    for size in ('scalable', 'symbolic'):
        name = app_id + ('-symbolic' if size == 'symbolic' else '') + '.svg'
        if not os.path.isfile(os.path.join(data, 'icons', 'hicolor', size, 'apps', name)):
            fail(f'no icon data/icons/hicolor/{size}/apps/{name}')
    same.append('icons')
    schema = read(os.path.join(data, app_id + '.gschema.xml'))
    sm = re.search(r'<schema id="([^"]+)" path="([^"]+)"', schema)
    path = '/' + app_id.replace('.', '/') + '/'
    if not sm or sm.group(1) != app_id or sm.group(2) != path:
        fail(f'the schema is {sm.groups() if sm else None}, not {app_id} at {path}')
    else:
        same.append('schema id and path')
    root = ET.parse(metainfo_path).getroot()
    if root.findtext('id') != app_id:
        fail(f"the metainfo's id is {root.findtext('id')}")
    else:
        same.append('metainfo id')
    launchable = root.find("launchable[@type='desktop-id']")
    if launchable is None or launchable.text != app_id + '.desktop':
        fail(f'the metainfo\'s launchable is not {app_id}.desktop')
    else:
        same.append('launchable')
    src_meson = read(os.path.join(source_root, 'src', 'meson.build'))
    if f"executable('{manifest['command']}'" not in src_meson:
        fail(f'src/meson.build builds no program {manifest["command"]}')
    else:
        same.append('the program')
    if len(failures) == before:
        ok(f'{app_id} is the id of: ' + ', '.join(same))


# ---- the libraries -----------------------------------------------------------------

def meson_dependencies(source_root):
    found = {}
    for dirpath, dirnames, filenames in os.walk(source_root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(('.', 'build', '_build')) and d != 'subprojects')
        if 'meson.build' not in filenames:
            continue
        rel = os.path.relpath(os.path.join(dirpath, 'meson.build'), source_root)
        text = read(os.path.join(dirpath, 'meson.build'))
        for m in re.finditer(r"\b(dependency|find_library)\s*\(\s*'([^']+)'", text):
            found.setdefault(m.group(2), rel)
    return found


def check_dependencies(manifest, source_root):
    listed = {}
    for n, line in enumerate(read(os.path.join(source_root, 'flatpak', 'dependencies.txt')).split('\n'), 1):
        line = line.split('#', 1)[0].split()
        if not line:
            continue
        name, where = line[0], line[1:]
        if name in listed:
            fail(f'flatpak/dependencies.txt:{n}: {name} twice')
        listed[name] = where
    modules = {m['name'] for m in manifest['modules'] if isinstance(m, dict)}
    wanted = meson_dependencies(source_root)
    used_modules = set()
    for name, rel in sorted(wanted.items()):
        where = listed.get(name)
        if where is None:
            fail(f'{rel} asks for {name}, which flatpak/dependencies.txt does not place (runtime, or a module)')
        elif where[0] == 'module':
            if len(where) < 2 or where[1] not in modules:
                fail(f'{name} is to come from module {where[1:]}, which the manifest does not build')
            else:
                used_modules.add(where[1])
                ok(f'{name} ({rel}): module {where[1]}')
        elif where[0] in ('runtime', 'build-only'):
            ok(f'{name} ({rel}): {where[0]}')
        else:
            fail(f'flatpak/dependencies.txt: {name}: unknown place {where}')
    for name, where in sorted(listed.items()):
        if name in wanted:
            continue
        if where[:1] == ['module'] and where[2:] == ['for-plugins'] and len(where) > 1 and where[1] in modules:
            used_modules.add(where[1])
            ok(f'{name}: module {where[1]}, for plugins (no meson.build asks for it)')
        else:
            fail(f'flatpak/dependencies.txt lists {name}, which no meson.build asks for (mark it for-plugins, or remove it)')
    for module in sorted(modules - used_modules - {APP_MODULE}):
        fail(f'the manifest builds {module}, which flatpak/dependencies.txt does not name')


# ---- the metainfo ---------------------------------------------------------------------

def check_metainfo(metainfo_path, source_root):
    appstreamcli = shutil.which('appstreamcli')
    if appstreamcli is None:
        print('note: appstreamcli is not installed (Debian package appstream): '
              'the metainfo is checked here without it')
    else:
        result = subprocess.run([appstreamcli, 'validate', '--pedantic', '--no-net', metainfo_path],
                                capture_output=True, text=True, env=dict(os.environ, LC_ALL='C.UTF-8'))
        output = result.stdout + result.stderr
        notices = re.findall(r'^([EWIP]): [^:]+:(?:\d+:)? (.*)$', output, re.M)
        unknown = [f'{level}: {what}' for level, what in notices
                   if not any(what.startswith(k) for k in KNOWN_NOTICES)]
        if result.returncode != 0 or unknown:
            fail('appstreamcli validate --pedantic: ' + (' / '.join(unknown) or output.strip()))
        else:
            version = subprocess.run([appstreamcli, '--version'], capture_output=True, text=True).stdout.strip()
            ok(f'appstreamcli validate --pedantic passes ({version}; '
               f'{len(notices)} known notice(s): {", ".join(w for _, w in notices) or "none"})')

    root = ET.parse(metainfo_path).getroot()
    meson = read(os.path.join(source_root, 'meson.build'))
    version = re.search(r"version:\s*'([^']+)'", meson).group(1)
    license_ = re.search(r"license:\s*'([^']+)'", meson).group(1)
    checks = [
        ('metadata_license', root.findtext('metadata_license') in ('CC0-1.0', 'FSFAP', 'MIT')),
        (f'project_license {license_}', root.findtext('project_license') == license_),
        ('content_rating oars-1.1', root.find("content_rating[@type='oars-1.1']") is not None),
        (f'a release {version} with a date and notes',
         any(r.get('version') == version and r.get('date') and r.find('description') is not None
             for r in root.findall('releases/release'))),
        ('developer (name and id)', root.find('developer/name') is not None and root.find('developer').get('id')),
        ('developer_name for AppStream 0.16', bool(root.findtext('developer_name'))),
        ('launchable', root.find("launchable[@type='desktop-id']") is not None),
        ('URLs: homepage, bugtracker, vcs-browser',
         {u.get('type') for u in root.findall('url')} >= {'homepage', 'bugtracker', 'vcs-browser'}),
        ('gettext translation domain draftforge', root.findtext("translation[@type='gettext']") == 'draftforge'),
        ('summary without a final full stop', root.findtext('summary') and not root.findtext('summary').endswith('.')),
        ('branding colours for light and dark',
         {c.get('scheme_preference') for c in root.findall('branding/color')} >= {'light', 'dark'}),
    ]
    screenshots = root.findall('screenshots/screenshot')
    checks.append((f'{len(screenshots)} screenshots, one default, each with a caption and an https image',
                   len(screenshots) >= 1
                   and sum(1 for s in screenshots if s.get('type') == 'default') == 1
                   and all(s.findtext('caption') and (s.findtext('image') or '').startswith('https://')
                           for s in screenshots)))
    for what, good in checks:
        if good:
            ok('metainfo: ' + what)
        else:
            fail('metainfo: ' + what)
    # Each screenshot is one of the repository's own.
    for s in screenshots:
        name = (s.findtext('image') or '').rsplit('/', 1)[-1]
        if not os.path.isfile(os.path.join(source_root, 'docs', 'screenshots', name)):
            fail(f'metainfo: screenshot {name} is not in docs/screenshots')


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('check', choices=['manifest', 'app-id', 'deps', 'metainfo', 'all'])
    parser.add_argument('--source-root', required=True)
    parser.add_argument('--metainfo', required=True, help='the built metainfo (translations merged)')
    args = parser.parse_args()
    root = args.source_root
    manifest_path = os.path.join(root, 'flatpak', 'io.github.draftforge.DraftForge.json')
    readme = read(os.path.join(root, 'flatpak', 'README.md'))

    every = args.check == 'all'
    if every or args.check == 'manifest':
        manifest = load_manifest(manifest_path)
        check_sources(manifest, root)
        check_finish_args(manifest, readme)
        check_extensions(manifest)
    else:
        manifest = json.loads(read(manifest_path))
    if every or args.check == 'app-id':
        check_app_id(manifest, root, args.metainfo)
    if every or args.check == 'deps':
        check_dependencies(manifest, root)
    if every or args.check == 'metainfo':
        check_metainfo(args.metainfo, root)

    if failures:
        print(f'{len(failures)} check(s) failed')
        return 1
    print('all checks passed')
    return 0


if __name__ == '__main__':
    sys.exit(main())
