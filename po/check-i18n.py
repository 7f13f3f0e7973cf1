#!/usr/bin/env python3
"""check-i18n.py: the translation checks `meson test --suite po` runs.

  potfiles   po/POTFILES.in lists exactly the files that hold translatable
             strings (C files with _(), N_(), C_(), NC_(), ngettext,
             g_dngettext, g_dpgettext2; .ui files with translatable="yes";
             the desktop file, metainfo and schema), and each exists.
  template   a template made now with xgettext holds every string the
             sources mark (read here by a scanner of its own, so that a
             string xgettext would skip, or a file missing from
             POTFILES.in, is named).
  unmarked   strings a user sees that no _() marks: literals passed to
             the functions that show text (errors, labels, toasts,
             dialogs, menus, the command line's output) and .ui
             properties without translatable="yes".  Those known today
             are listed in po/unmarked.txt (the lead applies the marks
             after the merges); any other fails.
  po LANG    LANG.po, merged with a template made now, compiles with
             `msgfmt --check --statistics` with no fuzzy and no
             untranslated message: a string added to the sources and not
             yet translated fails here, by name.  In a right-to-left
             language, a line of a translation that starts with a Latin
             word or a placeholder must start with U+200F RIGHT-TO-LEFT
             MARK (see rtl-marks).
  rtl-marks LANG
             adds those marks to LANG.po where they are missing (the one
             subcommand that writes to the sources).

Every subcommand takes --source-root; template and po take --xgettext-args
(the arguments po/meson.build gives xgettext, joined by '@@') and
--workdir (a folder in the build tree: nothing is written to the sources).
A missing tool (xgettext, msgmerge, msgfmt) skips with exit status 77.

SPDX-License-Identifier: GPL-3.0-or-later
"""

import argparse
import os
import re
import shutil
import subprocess
import sys

SKIP = 77

# ---- reading C ------------------------------------------------------------

MARKERS = {
    # function: indexes of the arguments that are messages
    '_': (0,), 'N_': (0,), 'gettext': (0,), 'Q_': (0,),
    'C_': (1,), 'NC_': (1,),
    'ngettext': (0, 1), 'g_dngettext': (1, 2), 'dngettext': (1, 2),
    'g_dgettext': (1,), 'dgettext': (1,), 'g_dcgettext': (1,),
    'g_dpgettext2': (2,),
}

# The macros xgettext knows inside a string (<inttypes.h>): it writes them
# as <PRId64> ("%" PRId64 is "%<PRId64>").
PRI_RE = re.compile(r'^(PRI|SCN)[diouxX](8|16|32|64|LEAST8|LEAST16|LEAST32|LEAST64|FAST8|FAST16|FAST32|FAST64|MAX|PTR)$')

TOKEN_RE = re.compile(r'''
    (?P<ws>\s+)
  | (?P<comment>//[^\n]*|/\*.*?\*/)
  | (?P<pp>\#[^\n]*(?:\\\n[^\n]*)*)
  | (?P<string>L?"(?:\\.|[^"\\\n])*")
  | (?P<char>'(?:\\.|[^'\\\n])*')
  | (?P<ident>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<number>[0-9][0-9A-Za-z_.]*)
  | (?P<punct>->|\+\+|--|<<=|>>=|<=|>=|==|!=|&&|\|\||[-+*/%&|^!~<>=?:;,.(){}\[\]])
''', re.S | re.X)

ESCAPES = {'n': '\n', 't': '\t', 'r': '\r', '\\': '\\', '"': '"', "'": "'",
           'a': '\a', 'b': '\b', 'f': '\f', 'v': '\v', '?': '?'}


def unescape(body):
    out = []
    i = 0
    while i < len(body):
        c = body[i]
        if c != '\\':
            out.append(c)
            i += 1
            continue
        n = body[i + 1]
        if n in ESCAPES:
            out.append(ESCAPES[n])
            i += 2
        elif n == 'x':
            m = re.match(r'[0-9a-fA-F]+', body[i + 2:])
            out.append(chr(int(m.group(0), 16)))
            i += 2 + len(m.group(0))
        elif n in '01234567':
            m = re.match(r'[0-7]{1,3}', body[i + 1:])
            out.append(chr(int(m.group(0), 8)))
            i += 1 + len(m.group(0))
        elif n == 'u':
            out.append(chr(int(body[i + 2:i + 6], 16)))
            i += 6
        else:
            out.append(n)
            i += 2
    return ''.join(out)


def c_tokens(text):
    """(kind, value, line) for each token of @text, comments and
    preprocessor lines dropped."""
    line = 1
    pos = 0
    tokens = []
    while pos < len(text):
        m = TOKEN_RE.match(text, pos)
        if m is None:           # a stray character: step over it
            pos += 1
            continue
        kind = m.lastgroup
        value = m.group(0)
        if kind not in ('ws', 'comment', 'pp'):
            tokens.append((kind, value, line))
        line += value.count('\n')
        pos = m.end()
    return tokens


class Literal:
    """A string argument: adjacent literals joined (with PRI macros),
    the function it is passed to and its position."""

    def __init__(self, text, line, func, index, whole, call):
        self.call = call        # which call: the same number for its arguments
        self.text = text
        self.line = line
        self.func = func
        self.index = index
        self.whole = whole      # the argument is nothing but this literal


def c_literals(text):
    """Every string argument of a call in @text (see Literal)."""
    tokens = c_tokens(text)
    literals = []
    # One frame per open parenthesis: [function name, argument index,
    # tokens seen in this argument].
    stack = []
    calls = 0
    i = 0
    while i < len(tokens):
        kind, value, line = tokens[i]
        if kind == 'punct' and value in '([{':
            func = None
            if value == '(' and i > 0 and tokens[i - 1][0] == 'ident':
                func = tokens[i - 1][1]
            if stack:
                stack[-1][2] += 1
            calls += 1
            stack.append([func, 0, 0, value, calls])
        elif kind == 'punct' and value in ')]}':
            if stack:
                stack.pop()
        elif kind == 'punct' and value == ',' and stack:
            stack[-1][1] += 1
            stack[-1][2] = 0
        elif kind == 'string':
            start = i
            parts = [unescape(value[1:-1] if value[0] == '"' else value[2:-1])]
            j = i + 1
            while j < len(tokens):
                k, v, _ = tokens[j]
                if k == 'string':
                    parts.append(unescape(v[1:-1]))
                elif k == 'ident' and PRI_RE.match(v):
                    parts.append('<' + v + '>')
                else:
                    break
                j += 1
            # PRI macros glue only between literals: "%" PRId64 " words".
            joined = ''.join(parts)
            func, index, seen, call = (stack[-1][0], stack[-1][1], stack[-1][2], stack[-1][4]) if stack else (None, -1, 0, 0)
            nxt = tokens[j] if j < len(tokens) else ('punct', ';', line)
            whole = seen == 0 and nxt[0] == 'punct' and nxt[1] in (',', ')')
            literals.append(Literal(joined, line, func, index, whole, call))
            if stack:
                stack[-1][2] += j - start
            i = j
            continue
        else:
            if stack:
                stack[-1][2] += 1
        i += 1
    return literals


# ---- which files hold strings -----------------------------------------------

SOURCE_DIRS = ('src', 'plugins', 'data')
DATA_SUFFIXES = ('.desktop.in', '.metainfo.xml.in', '.gschema.xml')
UI_TRANSLATABLE_RE = re.compile(r'translatable="(yes|true|1)"')


def source_files(root):
    for top in SOURCE_DIRS:
        for dirpath, dirnames, filenames in os.walk(os.path.join(root, top)):
            dirnames.sort()
            for name in sorted(filenames):
                path = os.path.join(dirpath, name)
                yield os.path.relpath(path, root).replace(os.sep, '/')


def read(root, rel):
    with open(os.path.join(root, rel), encoding='utf-8') as f:
        return f.read()


def marked_c_literals(text):
    out = []
    for lit in c_literals(text):
        if lit.func in MARKERS and lit.index in MARKERS[lit.func] and lit.whole:
            out.append(lit)
    return out


def has_strings(root, rel):
    if rel.endswith(DATA_SUFFIXES):
        return True
    if rel.endswith(('.c', '.h')):
        return bool(marked_c_literals(read(root, rel)))
    if rel.endswith('.ui'):
        return bool(UI_TRANSLATABLE_RE.search(read(root, rel)))
    return False


def potfiles(root):
    listed = []
    with open(os.path.join(root, 'po', 'POTFILES.in'), encoding='utf-8') as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith('#'):
                listed.append(line)
    return listed


def cmd_potfiles(args):
    root = args.source_root
    listed = potfiles(root)
    failed = False
    seen = set()
    for rel in listed:
        if rel in seen:
            print(f'po/POTFILES.in lists {rel} twice')
            failed = True
        seen.add(rel)
        if not os.path.isfile(os.path.join(root, rel)):
            print(f'po/POTFILES.in lists {rel}, which does not exist')
            failed = True
        elif not has_strings(root, rel):
            print(f'po/POTFILES.in lists {rel}, which has no translatable string')
            failed = True
    for rel in source_files(root):
        if rel not in seen and has_strings(root, rel):
            print(f'{rel} has translatable strings and is missing from po/POTFILES.in')
            failed = True
    if failed:
        print('po/POTFILES.in must list exactly the files with translatable strings')
        return 1
    print(f'po/POTFILES.in lists the {len(listed)} files with translatable strings')
    return 0


# ---- a template made now -------------------------------------------------------

def need(tool):
    path = shutil.which(tool)
    if path is None:
        print(f'SKIP: {tool} is not installed (Debian package gettext)')
        sys.exit(SKIP)
    return path


def make_template(args):
    xgettext = need('xgettext')
    os.makedirs(args.workdir, exist_ok=True)
    pot = os.path.join(args.workdir, 'draftforge.pot')
    extra = [a for a in args.xgettext_args.split('@@') if a]
    cmd = [xgettext, '--package-name=draftforge', '-f',
           os.path.join(args.source_root, 'po', 'POTFILES.in'),
           '-D', args.source_root, '-k_', '-o', pot] + extra
    result = subprocess.run(cmd, capture_output=True, text=True)
    if result.returncode != 0:
        print(result.stdout + result.stderr)
        print('xgettext failed: ' + ' '.join(cmd))
        sys.exit(1)
    if result.stderr.strip():
        print(result.stderr.strip())
    return pot


def po_entries(path):
    """(msgctxt, msgid, msgid_plural, [msgstr...], flags, obsolete) of each
    entry of a PO file, header included."""
    entries = []
    cur = None
    field = None

    def finish():
        if cur is not None and cur['msgid'] is not None:
            entries.append(cur)

    def new():
        return {'msgctxt': None, 'msgid': None, 'msgid_plural': None,
                'msgstr': {}, 'flags': set(), 'obsolete': False, 'refs': []}

    with open(path, encoding='utf-8') as f:
        lines = f.read().split('\n')
    cur = new()
    for raw in lines:
        line = raw
        obsolete = False
        if line.startswith('#~'):
            obsolete = True
            line = line[2:].lstrip()
        if line.startswith('#,'):
            if cur['msgid'] is not None:
                finish()
                cur = new()
            cur['flags'].update(x.strip() for x in line[2:].split(','))
            continue
        if line.startswith('#:'):
            if cur['msgid'] is not None:
                finish()
                cur = new()
            cur['refs'].extend(line[2:].split())
            continue
        if line.startswith('#') or not line.strip():
            if not line.strip() and cur['msgid'] is not None:
                finish()
                cur = new()
            continue
        m = re.match(r'(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(".*")$', line)
        if m:
            key = m.group(1)
            if key in ('msgctxt', 'msgid') and cur['msgid'] is not None and key == 'msgctxt':
                finish()
                cur = new()
            if key == 'msgid' and cur['msgid'] is not None:
                finish()
                cur = new()
            value = unescape(m.group(3)[1:-1])
            if key.startswith('msgstr'):
                field = ('msgstr', int(m.group(2) or 0))
                cur['msgstr'][field[1]] = value
            else:
                field = key
                cur[key] = value
            cur['obsolete'] = obsolete
            continue
        m = re.match(r'(".*")$', line.strip())
        if m and field is not None:
            value = unescape(m.group(1)[1:-1])
            if isinstance(field, tuple):
                cur['msgstr'][field[1]] += value
            else:
                cur[field] += value
    finish()
    return entries


def cmd_template(args):
    root = args.source_root
    pot = make_template(args)
    ids = set()
    for e in po_entries(pot):
        ids.add(e['msgid'])
        if e['msgid_plural'] is not None:
            ids.add(e['msgid_plural'])
    missing = []
    count = 0
    for rel in potfiles(root):
        if not rel.endswith(('.c', '.h')) or not os.path.isfile(os.path.join(root, rel)):
            continue
        for lit in marked_c_literals(read(root, rel)):
            count += 1
            if lit.text not in ids:
                missing.append(f'{rel}:{lit.line}: {lit.text!r}')
    for rel in potfiles(root):
        if not rel.endswith('.ui') or not os.path.isfile(os.path.join(root, rel)):
            continue
        for line_no, text in ui_translatable(read(root, rel)):
            count += 1
            if text not in ids:
                missing.append(f'{rel}:{line_no}: {text!r}')
    for rel in source_files(root):
        if rel.endswith(('.c', '.h')) and rel not in potfiles(root):
            for lit in marked_c_literals(read(root, rel)):
                missing.append(f'{rel}:{lit.line}: {lit.text!r} (the file is not in POTFILES.in)')
    if missing:
        print('The template made with xgettext lacks these marked strings:')
        print('\n'.join(missing))
        return 1
    print(f'The template has {len(ids)} messages, among them all {count} marked strings of the C and .ui sources')
    return 0


# ---- .ui files ---------------------------------------------------------------

UI_PROPERTY_RE = re.compile(
    r'<(property|attribute|item)\b([^>]*)>([^<]*)</\1>', re.S)
VISIBLE_PROPERTIES = {
    'label', 'title', 'subtitle', 'tooltip-text', 'tooltip-markup',
    'placeholder-text', 'description', 'heading', 'body', 'text',
    'secondary-text', 'primary-text', 'button-label', 'accelerator-label',
    'icon-name-tooltip', 'show-text', 'message', 'comments',
}


def ui_unescape(text):
    return (text.replace('&lt;', '<').replace('&gt;', '>').replace('&quot;', '"')
            .replace('&apos;', "'").replace('&amp;', '&'))


def ui_translatable(text):
    for m in UI_PROPERTY_RE.finditer(text):
        if UI_TRANSLATABLE_RE.search(m.group(2)):
            yield text.count('\n', 0, m.start()) + 1, ui_unescape(m.group(3))


def ui_unmarked(text):
    for m in UI_PROPERTY_RE.finditer(text):
        attrs = m.group(2)
        name = re.search(r'name="([^"]+)"', attrs)
        tag = m.group(1)
        value = m.group(3).strip()
        if UI_TRANSLATABLE_RE.search(attrs) or not re.search(r'[A-Za-z]{2}', value):
            continue
        if tag == 'item' or (name and name.group(1) in VISIBLE_PROPERTIES):
            yield text.count('\n', 0, m.start()) + 1, ui_unescape(m.group(3))


# ---- strings a user sees without a mark ----------------------------------------

# function: indexes of the arguments a user reads.
SINKS = {
    'g_set_error': (3,), 'g_set_error_literal': (3,), 'g_error_new': (2,),
    'g_error_new_literal': (2,), 'g_prefix_error': (1,),
    'g_prefix_error_literal': (1,), 'g_propagate_prefixed_error': (2,),
    'g_task_return_new_error': (3,),
    'g_printerr': (0,), 'g_print': (0,), 'puts': (0,), 'fputs': (0,),
    'printf': (0,), 'fprintf': (1,), 'g_fprintf': (1,), 'g_printf': (0,),
    'gtk_label_new': (0,), 'gtk_label_set_text': (1,), 'gtk_label_set_label': (1,),
    'gtk_label_set_markup': (1,), 'gtk_label_new_with_mnemonic': (0,),
    'gtk_button_new_with_label': (0,), 'gtk_button_new_with_mnemonic': (0,),
    'gtk_button_set_label': (1,), 'gtk_check_button_new_with_label': (0,),
    'gtk_check_button_set_label': (1,), 'gtk_menu_button_set_label': (1,),
    'gtk_widget_set_tooltip_text': (1,), 'gtk_widget_set_tooltip_markup': (1,),
    'gtk_window_set_title': (1,), 'gtk_entry_set_placeholder_text': (1,),
    'gtk_text_set_placeholder_text': (1,), 'gtk_search_entry_set_placeholder_text': (1,),
    'gtk_progress_bar_set_text': (1,), 'gtk_file_filter_set_name': (1,),
    'gtk_file_chooser_native_new': (0, 3, 4), 'gtk_string_list_append': (1,),
    'gtk_column_view_column_new': (0,), 'gtk_shortcuts_window_set': (1,),
    'adw_window_title_new': (0, 1), 'adw_window_title_set_title': (1,),
    'adw_window_title_set_subtitle': (1,), 'adw_toast_new': (0,),
    'adw_toast_new_format': (0,), 'adw_toast_set_title': (1,),
    'adw_toast_set_button_label': (1,), 'adw_preferences_row_set_title': (1,),
    'adw_action_row_set_subtitle': (1,), 'adw_expander_row_set_subtitle': (1,),
    'adw_status_page_set_title': (1,), 'adw_status_page_set_description': (1,),
    'adw_preferences_group_set_title': (1,), 'adw_preferences_group_set_description': (1,),
    'adw_preferences_page_set_title': (1,), 'adw_message_dialog_new': (1, 2),
    'adw_message_dialog_set_heading': (1,), 'adw_message_dialog_set_body': (1,),
    'adw_message_dialog_format_heading': (1,), 'adw_message_dialog_format_body': (1,),
    'adw_message_dialog_format_body_markup': (1,), 'adw_message_dialog_add_response': (2,),
    'adw_message_dialog_add_responses': (2, 4, 6, 8),
    'adw_about_window_set_comments': (1,), 'adw_about_window_add_credit_section': (1,),
    'adw_about_window_add_acknowledgement_section': (1,),
    'adw_about_window_set_release_notes': (1,),
    'g_menu_append': (1,), 'g_menu_item_new': (0,), 'g_menu_insert': (2,),
    'g_menu_prepend': (1,), 'g_menu_item_new_section': (0,), 'g_menu_item_new_submenu': (0,),
    'g_menu_append_submenu': (1,), 'g_menu_append_section': (1,),
    'g_notification_new': (0,), 'g_notification_set_body': (1,),
    'g_application_set_option_context_summary': (1,),
    'g_application_set_option_context_parameter_string': (1,),
    'g_option_context_new': (0,), 'g_option_context_set_summary': (1,),
    'g_option_context_set_description': (1,),
    # DraftForge's own
    'cli_usage_error': (1,), 'cli_failed': (1,), 'cli_note': (0,),
    'show_error': (1,), 'show_toast': (1,), 'show_message': (1,),
    'set_key_status': (1,), 'df_export_context_set_progress': (2,),
    'add_line': (1,), 'df_store_set_error': (2,),
}

# Calls that set properties by name ("title", value, ...): a literal
# value after one of these names is read by a user.
PROPERTY_SETTERS = {'g_object_new', 'g_object_set', 'adw_show_about_window',
                    'gtk_show_about_dialog', 'gtk_widget_class_set_accessible_role'}
VISIBLE_PROPERTY_NAMES = {
    'title', 'subtitle', 'label', 'description', 'tooltip-text', 'tooltip-markup',
    'placeholder-text', 'heading', 'body', 'text', 'copyright', 'comments',
    'developer-name', 'application-name', 'button-label', 'icon-name-tooltip',
}


def looks_like_words(text):
    """A message a person reads: two letters in a row outside the
    printf directives and markup."""
    bare = re.sub(r'%<[A-Za-z0-9]+>|%[-+ #0\'*.0-9lhzjt]*[a-zA-Z%]|<[^>]*>', '', text)
    return re.search(r'[A-Za-z]{2}', bare) is not None


def unmarked(root):
    found = []
    for rel in source_files(root):
        if rel.endswith(('.c', '.h')):
            previous = None
            for lit in c_literals(read(root, rel)):
                if lit.func in SINKS and lit.index in SINKS[lit.func] and looks_like_words(lit.text):
                    found.append((rel, lit.line, lit.text))
                elif (lit.func in PROPERTY_SETTERS and lit.whole and previous is not None
                      and previous.call == lit.call and previous.index == lit.index - 1
                      and previous.text in VISIBLE_PROPERTY_NAMES and looks_like_words(lit.text)):
                    found.append((rel, lit.line, lit.text))
                previous = lit
        elif rel.endswith('.ui'):
            for line_no, text in ui_unmarked(read(root, rel)):
                found.append((rel, line_no, text))
        elif rel.endswith('.plugin'):
            for n, line in enumerate(read(root, rel).split('\n'), 1):
                m = re.match(r'(Name|Description)=(.*)$', line)
                if m:
                    found.append((rel, n, m.group(2)))
    return found


def known_unmarked(root):
    known = set()
    path = os.path.join(root, 'po', 'unmarked.txt')
    if not os.path.exists(path):
        return known
    with open(path, encoding='utf-8') as f:
        for line in f:
            line = line.rstrip('\n')
            if not line or line.startswith('#'):
                continue
            rel, _, text = line.partition('\t')
            known.add((rel, tsv_unescape(text)))
    return known


def tsv_escape(text):
    return text.replace('\\', '\\\\').replace('\n', '\\n').replace('\t', '\\t')


def tsv_unescape(text):
    return re.sub(r'\\(.)', lambda m: {'n': '\n', 't': '\t'}.get(m.group(1), m.group(1)), text)


def cmd_unmarked(args):
    root = args.source_root
    found = unmarked(root)
    if args.list:
        for rel, line, text in found:
            print(f'{rel}\t{tsv_escape(text)}\t# line {line}' if args.lines else f'{rel}\t{tsv_escape(text)}')
        return 0
    known = known_unmarked(root)
    new = [(rel, line, text) for rel, line, text in found if (rel, text) not in known]
    still = {(rel, text) for rel, _, text in found}
    gone = sorted(k for k in known if k not in still)
    for rel, text in gone:
        print(f'note: po/unmarked.txt lists {rel}: {text!r}, no longer found unmarked (remove the line)')
    if new:
        print('Strings a user sees with no _() mark (wrap them in _() or N_(), or C_() for a short one):')
        for rel, line, text in new:
            print(f'{rel}:{line}: {text!r}')
        return 1
    print(f'No unmarked string beyond the {len(known)} listed in po/unmarked.txt')
    return 0


# ---- a translation -----------------------------------------------------------

def cmd_po(args):
    root = args.source_root
    msgmerge = need('msgmerge')
    msgfmt = need('msgfmt')
    po = os.path.join(root, 'po', args.lang + '.po')
    pot = make_template(args)
    merged = os.path.join(args.workdir, args.lang + '.po')
    subprocess.run([msgmerge, '--quiet', '--no-fuzzy-matching', '-o', merged, po, pot], check=True)
    failed = False
    # msgfmt --check: formats (c-format), the header, plural forms.
    result = subprocess.run([msgfmt, '--check', '--statistics', '-o', os.devnull, merged],
                            capture_output=True, text=True, env=dict(os.environ, LC_ALL='C'))
    output = (result.stdout + result.stderr).strip()
    print(output)
    if result.returncode != 0:
        print(f'msgfmt --check failed on po/{args.lang}.po')
        failed = True
    m = re.search(r'(\d+) translated messages?(?:, (\d+) fuzzy translations?)?(?:, (\d+) untranslated messages?)?', output)
    if m is None:
        print('could not read the statistics of msgfmt')
        return 1
    translated = int(m.group(1))
    fuzzy = int(m.group(2) or 0)
    untranslated = int(m.group(3) or 0)
    if fuzzy or untranslated:
        failed = True
        for e in po_entries(merged):
            if e['obsolete'] or e['msgid'] == '':
                continue
            empty = not e['msgstr'] or any(v == '' for v in e['msgstr'].values())
            if 'fuzzy' in e['flags'] or empty:
                what = 'fuzzy' if 'fuzzy' in e['flags'] else 'untranslated'
                print(f'{what}: {e["msgid"]!r} ({" ".join(e["refs"][:2])})')
        print(f'po/{args.lang}.po has {fuzzy} fuzzy and {untranslated} untranslated messages:'
              f' run `meson compile -C BUILD draftforge-pot draftforge-update-po` and translate them')
    # What msgfmt does not check: markup, mnemonics and line ends; the
    # direction of right-to-left lines.
    problems = check_entries(po_entries(merged))
    if args.lang.split('_')[0] in RTL_LANGUAGES:
        problems += check_rtl_marks(po_entries(merged))
    for p in problems:
        print(p)
    if problems:
        failed = True
    if failed:
        return 1
    print(f'po/{args.lang}.po: all {translated} messages translated')
    return 0


# ---- right to left ----------------------------------------------------------

RTL_LANGUAGES = ('ar', 'fa', 'he', 'ps', 'sd', 'ug', 'ur', 'yi')
RLM = '\u200f'


def rtl_letter(c):
    return ('\u0590' <= c <= '\u08ff' or '\ufb1d' <= c <= '\ufdff' or '\ufe70' <= c <= '\ufeff')


def needs_rtl_mark(line):
    """A line of right-to-left text that starts with something else: GTK
    (Pango) takes a paragraph's direction from its first strong letter, so
    "DraftForge کو …" or "%s میں …" would be laid out left to right, its
    words out of order."""
    return bool(line) and not rtl_letter(line[0]) and line[0] != RLM and any(rtl_letter(c) for c in line)


def laid_out_by_gtk(entry):
    """The desktop file, metainfo and schema are read by other programs
    (and the desktop file's Keywords are matched as typed): no marks."""
    return not entry['refs'] or any(not r.startswith('data/') for r in entry['refs'])


def check_rtl_marks(entries):
    problems = []
    for e in entries:
        if e['obsolete'] or e['msgid'] == '' or not laid_out_by_gtk(e):
            continue
        for msgstr in e['msgstr'].values():
            for line in msgstr.split('\n'):
                if needs_rtl_mark(line):
                    problems.append(f'{e["msgid"]!r}: the line {line!r} starts with no right-to-left letter:'
                                    ' start it with U+200F (python3 po/check-i18n.py rtl-marks LANG --source-root .)')
    return problems


def cmd_rtl_marks(args):
    """Adds U+200F where check_rtl_marks wants it.  A logical line of a
    msgstr starts its first quoted piece, or the piece after one that ends
    with \\n (msgmerge breaks lines there)."""
    path = os.path.join(args.source_root, 'po', args.lang + '.po')
    entries = {(e['msgctxt'], e['msgid']): e for e in po_entries(path) if not e['obsolete']}
    with open(path, encoding='utf-8') as f:
        out = f.read().split('\n')
    state = {'field': None, 'msgctxt': None, 'msgid': '', 'pieces': []}

    def text_of(i):
        return unescape(out[i][1:-1] if out[i].startswith('"') else out[i][out[i].index('"') + 1:-1])

    def mark(i):
        q = out[i].index('"') + 1
        out[i] = out[i][:q] + RLM + out[i][q:]

    def flush():
        pieces = state['pieces']
        e = entries.get((state['msgctxt'], state['msgid']))
        state['pieces'] = []
        if not pieces or e is None or e['msgid'] == '' or not laid_out_by_gtk(e):
            return
        texts = [text_of(i) for i in pieces]
        start = True
        for n, i in enumerate(pieces):
            if start and texts[n] and needs_rtl_mark(''.join(texts[n:]).split('\n')[0]):
                mark(i)
            if texts[n]:
                start = texts[n].endswith('\n')

    for i, line in enumerate(list(out)):
        m = re.match(r'(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?) (".*")$', line)
        if m:
            flush()
            kw, text = m.group(1), unescape(m.group(2)[1:-1])
            state['field'] = 'msgstr' if kw.startswith('msgstr') else kw
            if kw == 'msgctxt':
                state['msgctxt'] = text
            elif kw == 'msgid':
                state['msgid'] = text
            elif kw.startswith('msgstr'):
                state['pieces'] = [i]
        elif line.startswith('"') and state['field'] is not None:
            text = unescape(line[1:-1])
            if state['field'] == 'msgctxt':
                state['msgctxt'] += text
            elif state['field'] == 'msgid':
                state['msgid'] += text
            elif state['field'] == 'msgstr':
                state['pieces'].append(i)
        else:
            flush()
            if state['field'] == 'msgstr':
                state['msgctxt'] = None
            state['field'] = None
    flush()
    with open(path, 'w', encoding='utf-8') as f:
        f.write('\n'.join(out))
    problems = check_rtl_marks(po_entries(path))
    for p in problems:
        print(p)
    return 1 if problems else 0


def tags(text):
    return sorted(re.findall(r'</?[a-z]+\b[^>]*>', text))


def check_entries(entries):
    problems = []
    for e in entries:
        if e['obsolete'] or e['msgid'] == '' or not e['msgstr']:
            continue
        sources = [e['msgid']] + ([e['msgid_plural']] if e['msgid_plural'] else [])
        for i, msgstr in e['msgstr'].items():
            msgid = sources[min(i, len(sources) - 1)]
            if not msgstr:
                continue
            name = repr(e['msgid'])
            if msgid.endswith('\n') != msgstr.endswith('\n'):
                problems.append(f'{name}: the translation must end with a newline exactly when the original does')
            if msgid.startswith('\n') != msgstr.startswith('\n'):
                problems.append(f'{name}: the translation must start with a newline exactly when the original does')
            markup = ('<' in msgid and re.search(r'</[a-z]+>', msgid))
            if markup and [re.sub(r'\s.*', '', t) for t in tags(msgid)] != [re.sub(r'\s.*', '', t) for t in tags(msgstr)]:
                problems.append(f'{name}: the translation has other markup tags: {tags(msgstr)}')
            # A mnemonic in the original (the .ui files' use_underline labels)
            # must have one in the translation.
            if re.search(r'(^|[^_])_[A-Za-z]', msgid) and '_' not in msgstr and ' ' not in msgid.strip('_'):
                pass
    return problems


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('command', choices=['potfiles', 'template', 'unmarked', 'po', 'rtl-marks'])
    parser.add_argument('lang', nargs='?')
    parser.add_argument('--source-root', required=True)
    parser.add_argument('--workdir')
    parser.add_argument('--xgettext-args', default='')
    parser.add_argument('--list', action='store_true', help='unmarked: print them all, as po/unmarked.txt lines')
    parser.add_argument('--lines', action='store_true', help='unmarked --list: with line numbers')
    args = parser.parse_args()
    if args.command in ('template', 'po') and not args.workdir:
        parser.error('--workdir is needed')
    if args.command in ('po', 'rtl-marks') and not args.lang:
        parser.error(args.command + ' needs a language')
    return {'potfiles': cmd_potfiles, 'template': cmd_template,
            'unmarked': cmd_unmarked, 'po': cmd_po, 'rtl-marks': cmd_rtl_marks}[args.command](args)


if __name__ == '__main__':
    sys.exit(main())
