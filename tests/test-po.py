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
