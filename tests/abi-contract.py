#!/usr/bin/env python3
# abi-contract.py: the plugin ABI is exactly what the installed headers say
#
# The API a plugin may call is the functions and variables declared in the
# installed headers (draftforge-plugin.h and what it includes), each marked
# DF_EXTERN (df-extern.h).  The core is built with hidden visibility and
# linked into each program, which exports the marked symbols only.  This
# checks, and fails with what to do when:
#
#   - every declared symbol is exported by each program (a declaration
#     without DF_EXTERN is not: `--fix` adds the mark);
#   - each program exports nothing else (an internal function, the
#     application's or the command line's own) beyond what an empty
#     program built the same way exports (the C runtime, the sanitizers);
#   - every df_* symbol a bundled plugin needs is declared, and a plugin
#     exports only its entry point.
#
#   abi-contract.py --headers H... [--program P...] [--baseline EMPTY]
#                   [--plugin MODULE...] [--other-plugin MODULE...]
#   abi-contract.py --fix [--headers H...]  # marks unmarked declarations
#
# Without --headers, the headers are those the plugin_api_headers lists of
# src/core/*/meson.build name.
#
# The declared functions come from the compiler itself (-aux-info on a
# file that includes the umbrella header), not from reading C by hand.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import argparse
import os
import re
import shlex
import subprocess
import sys
import tempfile

UMBRELLA = 'draftforge-plugin.h'
PLUGIN_EXPORTS = {'draftforge_plugin_init', 'g_module_check_init', 'g_module_unload'}
PKG_MODULES = ['gio-2.0', 'gmodule-2.0', 'json-glib-1.0']


def declared_functions(headers):
    """{name: (header, line)} of every non-static function declared in
    @headers, as the compiler sees them through the umbrella header, and
    the headers the umbrella does not include (a plugin cannot reach
    them)."""
    dirs = sorted({os.path.dirname(os.path.abspath(h)) for h in headers})
    cflags = shlex.split(subprocess.run(['pkg-config', '--cflags'] + PKG_MODULES,
                                        check=True, capture_output=True, text=True).stdout)
    cc = shlex.split(os.environ.get('CC', 'cc'))
    wanted = {os.path.realpath(h) for h in headers}
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, 'api.c')
        aux = os.path.join(tmp, 'api.aux')
        with open(src, 'w') as f:
            f.write('#include <%s>\n' % UMBRELLA)
        args = ['-I' + d for d in dirs] + cflags + [src]
        subprocess.run(cc + ['-fsyntax-only', '-aux-info', aux] + args, check=True)
        with open(aux) as f:
            lines = f.readlines()
        deps = subprocess.run(cc + ['-M', '-MT', 'api'] + args, check=True,
                              capture_output=True, text=True).stdout
    included = {os.path.realpath(d) for d in deps.replace('\\\n', ' ').split()[1:]}
    unreachable = sorted(h for h in wanted if h not in included)
    found = {}
    for line in lines:
        m = re.match(r'/\* (.*):(\d+):N[CF] \*/ extern (.*)$', line)
        if not m or os.path.realpath(m.group(1)) not in wanted:
            continue
        name = re.search(r'(\w+) \(', m.group(3))
        if name:
            found.setdefault(name.group(1), (os.path.realpath(m.group(1)), int(m.group(2))))
    return found, unreachable


VARIABLE = re.compile(r'^\s*(?:DF_EXTERN|extern)\s+[^()]*?\b(\w+)\s*(?:\[\s*\])?\s*;')


def declared_variables(headers):
    """{name: (header, line)} of the variables the headers declare extern."""
    found = {}
    for h in headers:
        with open(h) as f:
            for number, line in enumerate(f, 1):
                m = VARIABLE.match(line)
                if m:
                    found[m.group(1)] = (os.path.realpath(h), number)
    return found


def copy_relocations(path):
    """The data of shared libraries (stdout, g_ascii_table) that a program
    uses directly: the linker copies each into the program, which then
    defines and exports it, though it is not the program's own."""
    out = subprocess.run(['readelf', '-rW', path], check=True, capture_output=True, text=True).stdout
    return {line.split()[4].split('@')[0] for line in out.splitlines() if '_COPY' in line and len(line.split()) >= 5}


def dynamic_symbols(path, undefined=False):
    args = ['nm', '-D', '--undefined-only' if undefined else '--defined-only', path]
    out = subprocess.run(args, check=True, capture_output=True, text=True).stdout
    symbols = {}
    for line in out.splitlines():
        parts = line.split()
        if len(parts) >= 2:
            symbols[parts[-1].split('@')[0]] = parts[-2]
    return symbols


# ---- --fix: the mark added where it is missing --------------------------

ENDS_STATEMENT = (';', '*/', '{', '}', ')')


def statement_start(lines, index):
    """The first line of the declaration whose name is on line @index."""
    while index > 0:
        previous = lines[index - 1].strip()
        if (not previous or previous.endswith(ENDS_STATEMENT) or previous.startswith(('#', '/*', '*'))
                or previous in ('G_BEGIN_DECLS', 'DF_EXTERN')):
            break
        index -= 1
    return index


def is_marked(lines, start):
    return lines[start].lstrip().startswith('DF_EXTERN') or (start > 0 and lines[start - 1].strip() == 'DF_EXTERN')


def fix_headers(functions, variables):
    by_header = {}
    for name, (header, line) in functions.items():
        by_header.setdefault(header, []).append((name, line))
    for name, (header, line) in variables.items():
        by_header.setdefault(header, []).append((None, line))
    changed = 0
    for header, decls in by_header.items():
        with open(header) as f:
            lines = f.read().split('\n')
        starts = set()
        for name, line in decls:
            index = line - 1
            if name is None:
                lines[index] = re.sub(r'^(\s*)extern\b', r'\1DF_EXTERN', lines[index])
                continue
            # aux-info names the line of the declarator or of the
            # G_DECLARE_* macro that declares the function.
            while (index > 0 and not re.search(r'\b%s\s*\(' % re.escape(name), lines[index])
                   and not lines[index].lstrip().startswith('G_DECLARE_')):
                index -= 1
            start = index if lines[index].lstrip().startswith('G_DECLARE_') else statement_start(lines, index)
            if not is_marked(lines, start):
                starts.add(start)
        for start in sorted(starts, reverse=True):
            indent = re.match(r'\s*', lines[start]).group(0)
            lines.insert(start, indent + 'DF_EXTERN')
        if not any('#include "df-extern.h"' in l for l in lines):
            guard = next((i for i, l in enumerate(lines) if l.startswith('# error "Only <draftforge-plugin.h>')), None)
            if guard is not None:
                lines[guard + 2:guard + 2] = ['', '#include "df-extern.h"']
        text = '\n'.join(lines)
        with open(header) as f:
            if f.read() != text:
                changed += 1
                with open(header, 'w') as out:
                    out.write(text)
    print('%d header(s) changed' % changed)


# ---- the checks -----------------------------------------------------------

def check(args, functions, variables, unreachable):
    api = set(functions) | set(variables)
    where = dict(functions, **variables)
    baseline = set(dynamic_symbols(args.baseline)) if args.baseline else set()
    failures = ['%s is installed but %s does not include it: a plugin cannot use it' % (h, UMBRELLA)
                for h in unreachable if os.path.basename(h) != UMBRELLA]
    print('# %d symbols declared in %d installed headers' % (len(api), len(args.headers)))
    for program in args.program:
        exported = set(dynamic_symbols(program)) - copy_relocations(program)
        name = os.path.basename(program)
        for symbol in sorted(api - exported):
            header, line = where[symbol]
            failures.append('%s does not export %s (%s:%d): mark its declaration DF_EXTERN '
                            '(python3 tests/abi-contract.py --fix)' % (name, symbol, os.path.basename(header), line))
        extra = set()
        for symbol in exported - baseline - api:
            # AddressSanitizer's one-definition-rule mark of an exported
            # variable (GCC: __odr_asan.NAME, clang: __odr_asan_gen_NAME)
            m = re.match(r'__odr_asan(?:\.|_gen_)(.*)$', symbol)
            if m and m.group(1) in api:
                continue
            extra.add(symbol)
        for symbol in sorted(extra):
            failures.append('%s exports %s, which no installed header declares: build it with '
                            'hidden visibility (gnu_symbol_visibility) or declare it in the plugin API' % (name, symbol))
        print('# %s: %d dynamic symbols, %d of the API' % (name, len(exported), len(exported & api)))
    for module in args.plugin + args.other_plugin:
        name = os.path.basename(module)
        needed = {s for s in dynamic_symbols(module, undefined=True) if s.startswith(('df_', '_df'))}
        for symbol in sorted(needed - api):
            failures.append('plugin %s needs %s, which is not in the installed headers' % (name, symbol))
        print('# plugin %s: %d df_* symbols from the program' % (name, len(needed)))
        if module not in args.plugin:
            continue
        functions_out = {s for s, kind in dynamic_symbols(module).items() if kind in ('T', 'W') and not s.startswith('_')}
        for symbol in sorted(functions_out - PLUGIN_EXPORTS):
            failures.append('plugin %s exports %s: build it with hidden visibility '
                            '(only its entry point is exported)' % (name, symbol))
    for failure in failures:
        print('FAIL: ' + failure)
    return 1 if failures else 0


def headers_from_meson():
    """The plugin_api_headers of src/core/*/meson.build."""
    core = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'src', 'core')
    headers = []
    for area in sorted(os.listdir(core)):
        build = os.path.join(core, area, 'meson.build')
        if not os.path.isfile(build):
            continue
        with open(build) as f:
            text = f.read()
        for block in re.findall(r'plugin_api_headers \+= files\((.*?)\)', text, re.S):
            headers += [os.path.join(core, area, name) for name in re.findall(r"'([^']+\.h)'", block)]
    return headers


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument('--headers', nargs='+')
    parser.add_argument('--program', nargs='*', default=[])
    parser.add_argument('--plugin', nargs='*', default=[],
                        help='a bundled plugin: needs only the API, exports only its entry point')
    parser.add_argument('--other-plugin', nargs='*', default=[],
                        help='a test plugin: needs only the API')
    parser.add_argument('--baseline')
    parser.add_argument('--fix', action='store_true')
    args = parser.parse_args()
    args.headers = args.headers or headers_from_meson()
    functions, unreachable = declared_functions(args.headers)
    variables = declared_variables(args.headers)
    if args.fix:
        fix_headers(functions, variables)
        return 0
    return check(args, functions, variables, unreachable)


if __name__ == '__main__':
    sys.exit(main())
