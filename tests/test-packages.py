#!/usr/bin/env python3
# test-packages.py: the Debian packages of build-aux/debian-packages.txt
# give everything the project runs, and each of them is needed.
#
# Copyright 2026 The Paydesk authors
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# A package installed by hand on one machine hides a missing install step
# from every test that merely runs; this one does not run the programs, it
# reads which ones the project uses and asks dpkg and apt which package
# gives each:
#
#   - every find_program() and dependency() of every meson.build, and the
#     tools that meson and its modules run for them;
#   - every program the shell scripts (build-aux/, .ci/, tests/) run, those
#     the C tests and benchmarks spawn, and those the Python scripts run;
#   - a few files that are no program (a CJK font, libFuzzer), each named
#     below with the test that needs it.
#
# Each must come from a package of the list or from its Depends/Pre-Depends
# closure (apt-cache depends --recurse, no Recommends), else the test fails
# naming it. Each listed package must also be the only way to one of them,
# so that taking any package off the list makes this test fail.
#
#   test-packages.py SRCDIR

import fnmatch
import os
import re
import subprocess
import sys

SRCDIR = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), '..'))

# Words of a shell script that stand where a command does but are the
# shell's own, or functions the scripts define.
SHELL_WORDS = {
    'if', 'then', 'else', 'elif', 'fi', 'for', 'in', 'do', 'done', 'while', 'until',
    'case', 'esac', 'function', 'return', 'exit', 'local', 'export', 'set', 'shift',
    'source', '.', 'cd', 'echo', 'printf', 'read', 'trap', 'wait', 'kill', 'true',
    'false', 'test', '[', '[[', ']]', 'exec', 'command', 'break', 'continue', 'eval',
    'declare', 'unset', 'mapfile', 'readarray', 'type', 'hash', 'pwd', 'umask', ':',
    'time', 'builtin', 'let', 'getopts', 'alias', 'jobs', 'disown', 'suspend', '!', '{', '}',
}
# Words after which the next word is a command again.
PREFIX_WORDS = {'if', 'then', 'else', 'elif', 'do', 'while', 'until', '!', 'exec', 'command',
                'time', 'sudo', 'pd_sudo', 'nohup', 'timeout', 'env', '{'}

# Programs that meson, its modules and other programs run on the project's
# behalf, with what makes the project depend on them.
IMPLIED = {
    'meson': ['ninja', 'pkg-config', 'cc'],
    'xvfb-run': ['Xvfb', 'xauth'],
    'gnome.compile_resources': ['glib-compile-resources'],
    'gnome.post_install': ['glib-compile-schemas', 'gtk4-update-icon-cache', 'update-desktop-database'],
    'i18n.gettext': ['xgettext', 'msgmerge', 'msginit', 'msgfmt'],
    'i18n.merge_file': ['msgfmt'],
}

# Files that are no program but that the project needs all the same.
FILES = [
    # test-invoice.c /invoice/chinese finds Chinese text in a PDF only if
    # Pango had a font for it.
    ('a CJK font (tests/test-invoice.c)', '*/NotoSansCJK-Regular.ttc'),
    # -fsanitize=fuzzer (tests/fuzz, build-aux/fuzz) links clang's libFuzzer.
    ('libFuzzer (tests/fuzz)', '*/libclang_rt.fuzzer-x86_64.a'),
    # GTK starts the accessibility bus through D-Bus for screen readers.
    ('the accessibility bus (the app)', '*/at-spi-bus-launcher'),
    # tests/pd-test-pg.c runs a throw-away PostgreSQL server with the
    # programs Debian keeps outside PATH.
    ('initdb (tests/pd-test-pg.c)', '/usr/lib/postgresql/*/bin/initdb'),
    ('pg_ctl (tests/pd-test-pg.c)', '/usr/lib/postgresql/*/bin/pg_ctl'),
    ('postgres, run by pg_ctl (tests/pd-test-pg.c)', '/usr/lib/postgresql/*/bin/postgres'),
]

BIN_DIRS = ['/usr/bin', '/bin', '/usr/sbin', '/sbin', '/usr/libexec']


def read(path):
    with open(path, encoding='utf-8') as f:
        return f.read()


def project_files(*suffixes, names=()):
    for top in ('build-aux', 'data', 'po', 'src', 'tests', '.ci', '.'):
        base = os.path.join(SRCDIR, top)
        walk = [(base, [], os.listdir(base))] if top == '.' else os.walk(base)
        for root, dirs, files in walk:
            dirs[:] = [d for d in dirs if not d.startswith('_build') and d not in ('corpus', 'fixtures')]
            for name in files:
                if name.endswith(suffixes) or name in names:
                    yield os.path.join(root, name)


def strip_shell_comment(line):
    out, quote = [], None
    for i, c in enumerate(line):
        if quote:
            if c == quote:
                quote = None
        elif c in '\'"':
            quote = c
        elif c == '#' and (i == 0 or line[i - 1] in ' \t;(') and not line[max(0, i - 2):i].endswith('$'):
            break
        out.append(c)
    return ''.join(out)


def shell_command_words(line, functions):
    """The words that stand in command position in one line of bash."""
    found = set()
    line = re.sub(r'\$\(\([^()]*\)\)', 'N', line)        # $(( arithmetic ))
    line = re.sub(r'\b\w+=\([^()]*\)', '', line)            # name=( array )
    # A command substitution is a command line of its own, quoted or not.
    while True:
        m = re.search(r'\$\(([^()]*)\)', line)
        if not m:
            break
        found |= shell_command_words(m.group(1), functions)
        line = line[:m.start()] + '$S' + line[m.end():]
    line = re.sub(r"'[^']*'", '$Q', line)
    line = re.sub(r'"[^"]*"', '$Q', line)
    # A compiler named for meson: CC=clang meson setup …
    found |= set(re.findall(r'\bCC=([A-Za-z][\w.+-]*)', line))
    for segment in re.split(r'\|\||&&|[;|&`(){}]', line):
        words = segment.split()
        while words:
            word = words[0]
            if re.fullmatch(r'[A-Za-z_]\w*(\[[^]]*\])?=.*', word):
                words = words[1:]
            elif word in PREFIX_WORDS:
                # sudo -E CMD, timeout 5 CMD, env -i CMD…
                words = words[1:]
                while words and (words[0].startswith('-') or re.fullmatch(r'[\d.]+[smh]?', words[0])):
                    words = words[1:]
            else:
                break
        if not words:
            continue
        word = words[0]
        if word in SHELL_WORDS or word in functions or word in ('coproc', 'select'):
            continue
        if re.fullmatch(r'[A-Za-z][\w.+-]*', word) and not word.endswith(')'):
            found.add(word)
    # A wrapper's command: xvfb-run … dbus-run-session -- meson test …
    found |= set(re.findall(r'(?:^|\s)--\s+([A-Za-z][\w.+-]*)', line))
    return found


def shell_commands(path, functions):
    """The programs a bash script runs."""
    found = set()
    heredoc = None
    continued = ''
    for raw in read(path).splitlines():
        if heredoc:
            if raw.strip() == heredoc:
                heredoc = None
            continue
        m = re.search(r"<<-?\s*'?\"?(\w+)", raw)
        if m:
            heredoc = m.group(1)
        line = continued + strip_shell_comment(raw)
        if line.endswith('\\'):
            continued = line[:-1] + ' '
            continue
        continued = ''
        # A case pattern: word) …
        line = re.sub(r'^\s*[^\s()]*\)\s', ' ', line)
        found |= shell_command_words(line, functions)
    return found


def c_programs(path):
    text = read(path)
    found = set(re.findall(r'g_find_program_in_path\s*\(\s*"([^"]+)"', text))
    found |= set(re.findall(r'g_subprocess_new\s*\([^,;]+,[^,;]+,\s*"([^"]+)"', text))
    found |= set(re.findall(r'g_spawn_command_line_\w+\s*\(\s*"([\w.+-]+)', text))
    # An argv spelled out: { "pdftoppm", "-r", … } or { "umount", path, NULL }.
    found |= set(re.findall(r'\*\s*\w*(?:argv|render|zbar|command|cmd)\w*\s*\[\]\s*=\s*\{\s*"([\w.+-]+)"', text))
    return found


def python_programs(path):
    text = read(path)
    return set(re.findall(r'subprocess\.\w+\(\s*\[\s*[\'"]([\w.+-]+)[\'"]', text))


def meson_needs(path):
    text = read(path)
    programs, modules, implied = set(), set(), set()
    here = os.path.dirname(path)
    for name in re.findall(r"find_program\(\s*'([^']+)'", text):
        if not os.path.exists(os.path.join(here, name)):
            programs.add(name)
    modules |= set(re.findall(r"dependency\(\s*'([^']+)'", text))
    for key in IMPLIED:
        if '.' in key and re.search(re.escape(key.split('.')[1]) + r'\s*\(', text) \
                and key.split('.')[0] in ('gnome', 'i18n'):
            implied.add(key)
    return programs, modules, implied


def dpkg_owner(patterns):
    """The package that gives a file matching one of @patterns, or None."""
    for pattern in patterns:
        result = subprocess.run(['dpkg-query', '-S', pattern], capture_output=True, text=True)
        for line in result.stdout.splitlines():
            packages, _, path = line.partition(': ')
            if 'diversion' not in line and fnmatch.fnmatch(path, pattern):
                return packages.split(',')[0].strip().split(':')[0]
    return None


def program_patterns(name):
    """Where dpkg may know @name from: /bin and /usr/bin are one folder
    here (merged /usr), but dpkg knows each file by the path its package
    gave. A program of the alternatives system (convert) is a link that no
    package owns; the file it leads to is."""
    names = [name]
    for folder in BIN_DIRS:
        path = os.path.join(folder, name)
        if os.path.islink(path):
            names.append(os.path.basename(os.path.realpath(path)))
            break
    return [f'{d}/{n}' for n in names for d in BIN_DIRS]


def dependency_graph(packages):
    """Each package's Depends and Pre-Depends, all alternatives and every
    provider of a virtual package, as apt-cache depends --recurse sees
    them from @packages."""
    result = subprocess.run(
        ['apt-cache', 'depends', '--recurse', '--no-recommends', '--no-suggests', '--no-conflicts',
         '--no-breaks', '--no-replaces', '--no-enhances', *packages],
        capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f'apt-cache depends failed: {result.stderr.strip()}')
    graph = {}
    node = target = None
    for line in result.stdout.splitlines():
        if not line.strip():
            continue
        if not line[0].isspace():
            node = line.strip().strip('<>').split(':')[0]
            graph.setdefault(node, set())
            continue
        m = re.match(r'\s*\|?(?:Pre)?Depends:\s*<?([^\s>]+)>?', line)
        if m:
            target = m.group(1).split(':')[0]
            graph[node].add(target)
            graph.setdefault(target, set())
        elif target is not None and line.startswith('    '):
            # A provider of the virtual package just named.
            graph[target].add(line.strip().split(':')[0])
    return graph


def closure(graph, roots):
    seen, todo = set(), list(roots)
    while todo:
        package = todo.pop()
        if package not in seen:
            seen.add(package)
            todo.extend(graph.get(package, ()))
    return seen


def essential_packages():
    # What every Debian system has before anything is installed, as
    # debootstrap makes it: the Essential packages and those of priority
    # required and important (apt among them; its priority is required on
    # some machines and important on others).
    result = subprocess.run(['dpkg-query', '-W', '-f', '${Package} ${Essential} ${Priority}\n'],
                            capture_output=True, text=True, check=True)
    base = set()
    for line in result.stdout.splitlines():
        name, essential, priority = (line.split() + ['', ''])[:3]
        if essential == 'yes' or priority in ('required', 'important'):
            base.add(name)
    return base


def main():
    listed = [line.split('#')[0].strip()
              for line in read(os.path.join(SRCDIR, 'build-aux', 'debian-packages.txt')).splitlines()]
    listed = [p for p in listed if p]

    needs = {}  # what → (description, dpkg patterns)

    def need_program(name, where):
        key = f'program {name}'
        if key not in needs:
            patterns = program_patterns(name if name != 'cc' else 'gcc')
            needs[key] = (f'{key} ({where})', patterns)

    for path in project_files('meson.build'):
        rel = os.path.relpath(path, SRCDIR)
        programs, modules, implied = meson_needs(path)
        for name in programs:
            need_program(name, f'find_program in {rel}')
        for name in modules:
            needs[f'pkg-config {name}'] = (f'pkg-config module {name} ({rel})',
                                           [f'/usr/lib/*/pkgconfig/{name}.pc', f'/usr/share/pkgconfig/{name}.pc'])
        for key in implied:
            for name in IMPLIED[key]:
                need_program(name, f'{key} in {rel}')

    scripts = list(project_files('.sh', names=('run', 'test', 'fuzz', 'screenshots', 'invoice-screenshots')))
    functions = set()
    for path in scripts:
        functions |= set(re.findall(r'^\s*([A-Za-z_][\w-]*)\s*\(\)\s*\{', read(path), re.M))
    for path in scripts:
        for name in shell_commands(path, functions):
            need_program(name, os.path.relpath(path, SRCDIR))
    for path in project_files('.c'):
        for name in c_programs(path):
            need_program(name, os.path.relpath(path, SRCDIR))
    for path in project_files('.py'):
        for name in python_programs(path):
            need_program(name, os.path.relpath(path, SRCDIR))

    for key in list(needs):
        name = key.split(' ', 1)[1]
        if key.startswith('program ') and name in IMPLIED:
            for implied in IMPLIED[name]:
                need_program(implied, f'run by {name}')
    for what, pattern in FILES:
        needs[f'file {pattern}'] = (what, [pattern])

    base = essential_packages()
    graph = dependency_graph(listed)
    per_package = {p: closure(graph, [p]) if graph.get(p) is not None else set() for p in listed}
    everything = set().union(*per_package.values()) | base

    failures = []
    owners = {}
    for key, (what, patterns) in sorted(needs.items()):
        owner = dpkg_owner(patterns)
        if owner is None:
            failures.append(f'{what}: no installed package gives it')
            continue
        owners[key] = owner
        if owner not in everything:
            failures.append(f'{what}: from package {owner}, which build-aux/debian-packages.txt '
                            f'neither lists nor pulls in')

    for package in listed:
        if package not in per_package[package]:
            failures.append(f'{package}: apt knows no such package')
            continue
        others = set().union(*(c for p, c in per_package.items() if p != package)) | base
        only_here = sorted(needs[key][0] for key, owner in owners.items()
                           if owner in per_package[package] and owner not in others)
        if not only_here:
            failures.append(f'{package}: nothing the project uses comes only through it; '
                            f'take it off build-aux/debian-packages.txt')
        else:
            print(f'# {package}: {"; ".join(only_here[:4])}{" …" if len(only_here) > 4 else ""}')

    print(f'# {len(needs)} programs, modules and files, {len(listed)} packages')
    for failure in failures:
        print(f'FAIL {failure}')
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
