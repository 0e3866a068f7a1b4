#!/usr/bin/env bash
# test-install.sh: installs the build into a temporary destdir and checks
# the tree, as TAP. Every file meson says it installs must be there and
# non-empty, and so must every file a desktop app has to ship: the binaries
# (once they are built), desktop file, metainfo, schema, icons, D-Bus
# service, a catalogue per language in po/LINGUAS and the CLI's man page
# (once its source exists).
#
#   test-install.sh MESON BUILDDIR SRCDIR APP_ID BINDIR DATADIR LOCALEDIR MANDIR LIBEXECDIR
#
# SPDX-License-Identifier: GPL-3.0-or-later

set -u

meson=$1 builddir=$2 srcdir=$3 app_id=$4
bindir=$5 datadir=$6 localedir=$7 mandir=$8 libexecdir=$9

destdir=$(mktemp -d "${TMPDIR:-/tmp}/paydesk-install.XXXXXX")
trap 'rm -rf "$destdir"' EXIT

count=0
failed=0

pass () {
  count=$((count + 1))
  echo "ok $count - $1"
}

fail () {
  count=$((count + 1))
  failed=$((failed + 1))
  echo "not ok $count - $1"
}

skip () {
  count=$((count + 1))
  echo "ok $count # SKIP $1"
}

# check_installed WHY PATH: PATH (as meson installs it, under the prefix)
# is in the destdir and not empty; a directory must hold something.
check_installed () {
  local path="$destdir$2"

  if [ -d "$path" ]; then
    if [ -n "$(ls -A "$path")" ]; then pass "$1 $2"; else fail "$1 $2: empty directory"; fi
  elif [ -s "$path" ]; then
    pass "$1 $2"
  elif [ -e "$path" ]; then
    fail "$1 $2: empty file"
  else
    fail "$1 $2: not installed"
  fi
}

# introspect KIND EXPR: one line per item of `meson introspect --KIND`.
introspect () {
  "$meson" introspect "$builddir" "--$1" |
    python3 -c "import json, sys; data = json.load(sys.stdin); print('\n'.join(sorted(set($2))))"
}

has_target () {
  introspect targets "t['name'] for t in data" | grep -qx "$1"
}

# meson's own output would look like stray TAP lines: send it to stderr.
if ! "$meson" install -C "$builddir" --no-rebuild --quiet --destdir "$destdir" >&2; then
  echo "Bail out! meson install --destdir failed"
  exit 1
fi
pass "meson install --destdir"

# Everything the build declares as installed.
while IFS= read -r path; do
  [ -n "$path" ] && check_installed declared "$path"
done < <(introspect installed 'data.values()')

# What Paydesk must ship, whatever the build files say.
for path in \
  "$datadir/applications/$app_id.desktop" \
  "$datadir/metainfo/$app_id.metainfo.xml" \
  "$datadir/glib-2.0/schemas/$app_id.gschema.xml" \
  "$datadir/icons/hicolor/scalable/apps/$app_id.svg" \
  "$datadir/icons/hicolor/symbolic/apps/$app_id-symbolic.svg" \
  "$datadir/dbus-1/services/$app_id.service"
do
  check_installed required "$path"
done

service="$destdir$datadir/dbus-1/services/$app_id.service"
if grep -qx "Exec=$bindir/paydesk --gapplication-service" "$service" 2>/dev/null; then
  pass "D-Bus service starts $bindir/paydesk"
else
  fail "D-Bus service: no line Exec=$bindir/paydesk --gapplication-service"
fi

for program in paydesk paydesk-cli; do
  if ! has_target "$program"; then
    skip "$bindir/$program: the build has no such target yet"
  elif [ -x "$destdir$bindir/$program" ]; then
    pass "$bindir/$program is executable"
  else
    fail "$bindir/$program: not installed as an executable"
  fi
done

# paydesk-cli runs it for invoice, receipt and report.
if ! has_target paydesk-cli-documents; then
  skip "$libexecdir/paydesk-cli-documents: the build has no such target yet"
elif [ -x "$destdir$libexecdir/paydesk-cli-documents" ]; then
  pass "$libexecdir/paydesk-cli-documents is executable"
else
  fail "$libexecdir/paydesk-cli-documents: not installed as an executable"
fi
if [ -e "$destdir$bindir/paydesk-cli-documents" ]; then
  fail "$bindir/paydesk-cli-documents: a helper, not a command for the PATH"
else
  pass "no paydesk-cli-documents in $bindir"
fi

languages=$(sed -e 's/#.*//' "$srcdir/po/LINGUAS" | tr -s ' \t' '\n\n' | grep -v '^$')
if [ -z "$languages" ]; then
  skip "translations: po/LINGUAS lists no language yet"
fi
for lang in $languages; do
  check_installed translation "$localedir/$lang/LC_MESSAGES/paydesk.mo"
  # The desktop file and metainfo carry each language's strings too.
  if grep -q "^Name\[$lang\]=" "$destdir$datadir/applications/$app_id.desktop" 2>/dev/null; then
    pass "desktop file translated into $lang"
  else
    fail "desktop file: no Name[$lang]"
  fi
  if grep -q "<summary xml:lang=\"$lang\">" "$destdir$datadir/metainfo/$app_id.metainfo.xml" 2>/dev/null; then
    pass "metainfo translated into $lang"
  else
    fail "metainfo: no summary in $lang"
  fi
done

if [ -n "$(find "$srcdir/data" "$srcdir/doc" -name 'paydesk-cli.1*' 2>/dev/null)" ]; then
  check_installed "man page" "$mandir/man1/paydesk-cli.1"
else
  skip "man page: no paydesk-cli.1 source in data/ or doc/ yet"
fi

echo "1..$count"
[ "$failed" -eq 0 ]
