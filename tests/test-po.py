#!/usr/bin/env python3
# test-po.py: every translation in po/LINGUAS is valid and complete
#
# Copyright 2026 The Paydesk authors
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Runs `msgfmt --check --statistics` on each po/LANG.po listed in
# po/LINGUAS (TAP, one test a language): it fails on a format string whose
# directives differ from its msgid, a broken header or plural formula, and
# on any fuzzy or untranslated message.  A made-up catalogue with a fuzzy,
# an untranslated and a wrong-format message checks that all three are
# caught.
#
# Then every string the sources mark (xgettext over po/POTFILES.in) must
# have a translation in each catalogue under exactly its msgid: a string
# edited in the source (re-indented in a .ui file, say) whose catalogue was
# not merged again would otherwise show untranslated while the catalogue
# alone looks complete.
#
#   test-po.py SOURCE_ROOT [MSGFMT]

import os
import re
import subprocess
import sys
import tempfile

STATISTICS = re.compile(
    r'(?P<translated>\d+) translated messages?'
    r'(?:, (?P<fuzzy>\d+) fuzzy translations?)?'
    r'(?:, (?P<untranslated>\d+) untranslated messages?)?')


def check_po(msgfmt, path):
    """(passed, details) for one catalogue."""
    result = subprocess.run(
        [msgfmt, '--check', '--statistics', '-o', os.devnull, path],
        capture_output=True, text=True, env=dict(os.environ, LC_ALL='C.UTF-8', LANGUAGE=''))
    details = [line for line in result.stderr.splitlines() if line]
    if result.returncode != 0:
        return False, details
    match = STATISTICS.search(result.stderr)
    if match is None:
        return False, details + ['no statistics from msgfmt']
    translated = int(match.group('translated'))
    fuzzy = int(match.group('fuzzy') or 0)
    untranslated = int(match.group('untranslated') or 0)
    problems = []
    if translated == 0:
        problems.append('nothing is translated')
    if fuzzy:
        problems.append(f'{fuzzy} fuzzy: translate them and drop the fuzzy flag')
    if untranslated:
        problems.append(f'{untranslated} untranslated')
    return not problems, details + problems


# The keywords of meson's glib preset (po/meson.build), for the msgids only.
XGETTEXT_KEYWORDS = ['--keyword=_', '--keyword=N_', '--keyword=C_:1c,2',
                     '--keyword=NC_:1c,2', '--keyword=g_dcgettext:2',
                     '--keyword=g_dngettext:2,3', '--keyword=g_dpgettext2:2c,3']


def gettext_tool(msgfmt, name):
    """The gettext program NAME, beside msgfmt when msgfmt has a path."""
    folder = os.path.dirname(msgfmt)
    return os.path.join(folder, name) if folder else name


def missing_source_strings(msgfmt, root, files, path):
    """The source strings (FILES, relative to ROOT) that the catalogue at
    PATH has no translation for under exactly their msgid."""
    run = dict(capture_output=True, text=True, check=True,
               env=dict(os.environ, LC_ALL='C.UTF-8', LANGUAGE=''))
    with tempfile.TemporaryDirectory(prefix='paydesk-po-') as tmp:
        pot = os.path.join(tmp, 'sources.pot')
        merged = os.path.join(tmp, 'merged.po')
        subprocess.run([gettext_tool(msgfmt, 'xgettext'), '--from-code=UTF-8',
                        '--directory', root, '--output', pot, '--force-po']
                       + XGETTEXT_KEYWORDS + files, **run)
        subprocess.run([gettext_tool(msgfmt, 'msgmerge'), '--quiet',
                        '--no-fuzzy-matching', '--output-file', merged, path, pot], **run)
        untranslated = subprocess.run([gettext_tool(msgfmt, 'msgattrib'), '--untranslated',
                                       '--no-obsolete', '--no-wrap', merged], **run).stdout
    return untranslated_msgids(untranslated)


def untranslated_msgids(catalogue):
    """The msgids of CATALOGUE's entries but its header, each as one
    string in the catalogue's quoting (continuation lines joined)."""
    msgids = []
    current = None
    for line in catalogue.splitlines():
        if line.startswith('msgid '):
            current = [line[len('msgid '):]]
        elif current is not None and line.startswith('"'):
            current.append(line)
        else:
            if current is not None and current != ['""']:
                msgids.append(''.join(part[1:-1] for part in current))
            current = None
    if current is not None and current != ['""']:
        msgids.append(''.join(part[1:-1] for part in current))
    return msgids


def potfiles(root):
    with open(os.path.join(root, 'po', 'POTFILES.in'), encoding='utf-8') as f:
        return [line.strip() for line in f
                if line.strip() and not line.startswith('#')]


def linguas(root):
    with open(os.path.join(root, 'po', 'LINGUAS'), encoding='utf-8') as f:
        return [word for line in f if not line.startswith('#')
                for word in line.split()]


BAD_PO = '''msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: nplurals=1; plural=0;\\n"

#, fuzzy
msgid "Paid"
msgstr "已付款"

msgid "Unpaid"
msgstr ""
'''

WRONG_FORMAT_PO = '''msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: nplurals=1; plural=0;\\n"

#, c-format
msgid "%s is %d"
msgstr "%d 是 %s"
'''


def self_checks(msgfmt):
    checks = []
    with tempfile.TemporaryDirectory(prefix='paydesk-po-') as tmp:
        bad = os.path.join(tmp, 'bad.po')
        with open(bad, 'w', encoding='utf-8') as f:
            f.write(BAD_PO)
        passed, details = check_po(msgfmt, bad)
        checks.append(('self-check: fuzzy and untranslated messages fail',
                       not passed
                       and any('1 fuzzy' in d for d in details)
                       and any('1 untranslated' in d for d in details)))
        wrong = os.path.join(tmp, 'wrong.po')
        with open(wrong, 'w', encoding='utf-8') as f:
            f.write(WRONG_FORMAT_PO)
        passed, _ = check_po(msgfmt, wrong)
        checks.append(('self-check: swapped format directives fail', not passed))
        source = os.path.join(tmp, 'source.c')
        with open(source, 'w', encoding='utf-8') as f:
            f.write('const char *a = _("Paid");\nconst char *b = _("Paid  ");\n')
        good = os.path.join(tmp, 'good.po')
        with open(good, 'w', encoding='utf-8') as f:
            f.write(BAD_PO.replace('#, fuzzy\n', ''))
        missing = missing_source_strings(msgfmt, tmp, ['source.c'], good)
        checks.append(('self-check: a source string changed after merging fails',
                       missing == ['Paid  ']))
    return checks


def main():
    root = sys.argv[1]
    msgfmt = sys.argv[2] if len(sys.argv) > 2 else 'msgfmt'
    results = []

    languages = linguas(root)
    results.append(('po/LINGUAS lists at least one language', bool(languages), []))
    for language in languages:
        path = os.path.join(root, 'po', language + '.po')
        if not os.path.exists(path):
            results.append((f'{language}.po exists', False, [f'{path} is missing']))
            continue
        passed, details = check_po(msgfmt, path)
        results.append((f'{language}.po is valid and complete', passed, details))
        missing = missing_source_strings(msgfmt, root, potfiles(root), path)
        results.append((f'{language}.po translates every string of the sources', not missing,
                        [f'not in {language}.po: {msgid}' for msgid in missing[:20]]))
    for description, passed in self_checks(msgfmt):
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
