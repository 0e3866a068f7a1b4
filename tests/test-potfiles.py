#!/usr/bin/env python3
# test-potfiles.py: po/POTFILES.in lists exactly the files that need it
#
# Copyright 2026 The Paydesk authors
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Scans src/ and data/ for translatable strings and fails (TAP) when a file
# that has some is missing from po/POTFILES.in, when POTFILES.in names a
# file that does not exist, or when a C file includes the wrong gettext
# header: the core library uses <glib/gi18n-lib.h> (its strings come from
# the paydesk domain whatever textdomain() the program chose), the app and
# the CLI use <glib/gi18n.h>.  The checks also run on small made-up trees,
# so a checker that stopped finding anything would fail too.
#
#   test-potfiles.py SOURCE_ROOT

import atexit
import os
import re
import shutil
import sys
import tempfile

SCANNED_DIRS = ('src', 'data')

# gettext calls in C, once comments and string contents are blanked out.
C_GETTEXT_CALL = re.compile(
    r'(?<![A-Za-z0-9_])'
    r'(_|N_|C_|NC_|Q_|g_dgettext|g_dcgettext|g_dngettext|g_dpgettext|'
    r'g_dpgettext2|gettext|dgettext|ngettext|dngettext)\s*\(')
UI_TRANSLATABLE = re.compile(r'translatable\s*=\s*"(yes|true|1)"', re.I)
# Elements that the ITS rules of gettext, GLib and AppStream translate.
XML_TRANSLATABLE = re.compile(
    r'<_?(summary|description|name|caption|developer_name|p|li)[\s>]'
    r'|<_[a-z]|\btranslatable\s*=\s*"(yes|true)"', re.I)
DESKTOP_TRANSLATABLE = re.compile(
    r'^(Name|GenericName|Comment|Keywords|X-GNOME-FullName)\s*=', re.M)


def strip_c(text):
    """Blank out comments and the contents of string and character
    literals, keeping the quotes, so only code is left to search."""
    out = []
    i = 0
    n = len(text)
    while i < n:
        c = text[i]
        if text.startswith('/*', i):
            end = text.find('*/', i + 2)
            end = n if end < 0 else end + 2
            out.append(' ')
            i = end
        elif text.startswith('//', i):
            end = text.find('\n', i)
            i = n if end < 0 else end
        elif c in '"\'':
            out.append(c)
            i += 1
            while i < n and text[i] != c:
                i += 2 if text[i] == '\\' else 1
            out.append(c)
            i += 1
        else:
            out.append(c)
            i += 1
    return ''.join(out)


def has_translatable_strings(path):
    name = os.path.basename(path)
    try:
        with open(path, encoding='utf-8') as f:
            text = f.read()
    except UnicodeDecodeError:
        return False
    if name.endswith(('.c', '.h')):
        return C_GETTEXT_CALL.search(strip_c(text)) is not None
    if name.endswith('.ui'):
        return UI_TRANSLATABLE.search(text) is not None
    if name.endswith('.desktop.in'):
        return DESKTOP_TRANSLATABLE.search(text) is not None
    if name.endswith(('.gschema.xml', '.metainfo.xml.in', '.appdata.xml.in',
                      '.xml.in')):
        return XML_TRANSLATABLE.search(text) is not None
    return False


def read_potfiles(root):
    """The entries of po/POTFILES.in, without comments and
    [encoding: …]/[type: …] prefixes."""
    entries = []
    with open(os.path.join(root, 'po', 'POTFILES.in'), encoding='utf-8') as f:
        for line in f:
            line = re.sub(r'^\s*(\[[^]]*\]\s*)*', '', line).strip()
            if line and not line.startswith('#'):
                entries.append(line)
    return entries


def read_potfiles_skip(root):
    path = os.path.join(root, 'po', 'POTFILES.skip')
    if not os.path.exists(path):
        return set()
    with open(path, encoding='utf-8') as f:
        return {l.strip() for l in f if l.strip() and not l.startswith('#')}


def source_files(root):
    for top in SCANNED_DIRS:
        for dirpath, dirnames, filenames in os.walk(os.path.join(root, top)):
            dirnames.sort()
            for name in sorted(filenames):
                yield os.path.relpath(os.path.join(dirpath, name), root)


def missing_from_potfiles(root):
    listed = set(read_potfiles(root)) | read_potfiles_skip(root)
    return [path for path in source_files(root)
            if path not in listed
            and has_translatable_strings(os.path.join(root, path))]


def listed_but_absent(root):
    return [path for path in read_potfiles(root)
            if not os.path.isfile(os.path.join(root, path))]


def listed_twice(root):
    seen = set()
    twice = []
    for path in read_potfiles(root):
        if path in seen:
            twice.append(path)
        seen.add(path)
    return twice


def wrong_gettext_header(root):
    """Core .c files must include gi18n-lib.h and never gi18n.h; app and
    CLI files the other way round.  A file that marks strings must include
    its header itself."""
    problems = []
    rules = {
        'src/core/': ('glib/gi18n-lib.h', 'glib/gi18n.h'),
        'src/app/': ('glib/gi18n.h', 'glib/gi18n-lib.h'),
        'src/cli/': ('glib/gi18n.h', 'glib/gi18n-lib.h'),
    }
    for path in source_files(root):
        if not path.endswith(('.c', '.h')):
            continue
        rule = next((r for prefix, r in rules.items()
                     if path.startswith(prefix)), None)
        if rule is None:
            continue
        wanted, forbidden = rule
        with open(os.path.join(root, path), encoding='utf-8') as f:
            text = f.read()
        includes = set(re.findall(r'^\s*#\s*include\s*[<"]([^>"]+)[>"]',
                                  text, re.M))
        if forbidden in includes:
            problems.append(f'{path} includes <{forbidden}>, use <{wanted}>')
        elif (path.endswith('.c')
              and C_GETTEXT_CALL.search(strip_c(text))
              and wanted not in includes):
            problems.append(f'{path} marks strings without including <{wanted}>')
    return problems


def make_tree(files, potfiles):
    """A throw-away source tree: files maps paths to contents."""
    root = tempfile.mkdtemp(prefix='paydesk-potfiles-')
    atexit.register(shutil.rmtree, root, True)
    for path, text in files.items():
        full = os.path.join(root, path)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, 'w', encoding='utf-8') as f:
            f.write(text)
    os.makedirs(os.path.join(root, 'po'), exist_ok=True)
    with open(os.path.join(root, 'po', 'POTFILES.in'), 'w', encoding='utf-8') as f:
        f.write('# comment\n' + ''.join(p + '\n' for p in potfiles))
    return root


CORE_OK = '#include "config.h"\n#include <glib/gi18n-lib.h>\nconst char *s = N_("Paid");\n'


def self_checks():
    """(description, passed) pairs proving the checks can fail."""
    checks = []

    root = make_tree({
        'src/core/pd-a.c': CORE_OK,
        'src/core/pd-b.c': '#include <glib/gi18n-lib.h>\n'
                           'const char *s (void) { return C_("order state", "Paid"); }\n',
        'src/core/pd-c.c': '/* no _("strings") here, only in a comment */\n'
                           'const char *s = "_(not one either)";\nint x_(int);\n',
        'src/app/pd-w.ui': '<property name="title" translatable="yes">Hi</property>',
        'src/app/pd-v.ui': '<property name="title">Hi</property>',
        'data/x.desktop.in': '[Desktop Entry]\nName=Paydesk\n',
        'data/x.gschema.xml': '<key><summary>Payee</summary></key>',
        'data/x.service.in': '[D-BUS Service]\nName=io.github.x\n',
    }, ['src/core/pd-a.c', 'src/core/gone.c'])
    missing = missing_from_potfiles(root)
    checks.append(('self-check: unlisted C, .ui, .desktop.in and schema files are found',
                   sorted(missing) == ['data/x.desktop.in', 'data/x.gschema.xml',
                               'src/app/pd-w.ui', 'src/core/pd-b.c']))
    checks.append(('self-check: a listed file that does not exist is found',
                   listed_but_absent(root) == ['src/core/gone.c']))

    root = make_tree({
        'src/core/pd-a.c': CORE_OK,
        'src/core/pd-b.c': '#include <glib/gi18n.h>\nconst char *s = _("x");\n',
        'src/core/pd-d.c': 'const char *s = g_dngettext (NULL, "a", "b", 2);\n',
        'src/cli/pd-c.c': '#include <glib/gi18n-lib.h>\n',
        'src/app/pd-d.c': '#include <glib/gi18n.h>\nconst char *s = _("x");\n',
    }, [])
    checks.append(('self-check: wrong or missing gettext headers are found',
                   len(wrong_gettext_header(root)) == 3
                   and all(p.startswith(('src/core/pd-b.c', 'src/core/pd-d.c',
                                         'src/cli/pd-c.c'))
                           for p in wrong_gettext_header(root))))
    return checks


def main():
    root = sys.argv[1]
    results = []

    missing = missing_from_potfiles(root)
    results.append(('every file with translatable strings is in po/POTFILES.in',
                    not missing, [f'not listed: {p}' for p in missing]))
    absent = listed_but_absent(root)
    results.append(('every file in po/POTFILES.in exists',
                    not absent, [f'does not exist: {p}' for p in absent]))
    twice = listed_twice(root)
    results.append(('no file is listed twice in po/POTFILES.in',
                    not twice, [f'listed twice: {p}' for p in twice]))
    headers = wrong_gettext_header(root)
    results.append(('core uses <glib/gi18n-lib.h>, the app and the CLI <glib/gi18n.h>',
                    not headers, headers))
    for description, passed in self_checks():
        results.append((description, passed, []))

    print(f'1..{len(results)}')
    failed = 0
    for number, (description, passed, details) in enumerate(results, 1):
        print(f'{"ok" if passed else "not ok"} {number} - {description}')
        for line in details:
            print(f'# {line}')
        failed += not passed
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
