# Shared by build-aux/run and build-aux/test: install what the build and
# the tests need from Debian 12, then configure and build into _build.
# Safe to run again: it installs only what is missing and reconfigures only
# when asked.

set -euo pipefail

SRCDIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILDDIR="$SRCDIR/_build"
# The same sources built with ASan + UBSan (gcc), and with clang for libFuzzer.
ASAN_BUILDDIR="$SRCDIR/_build-asan"
FUZZ_BUILDDIR="$SRCDIR/_build-fuzz"

# Sanitizer settings of the test runs and the fuzzers: any report fails.
# Leak suppressions (third-party leaks only, each with its reason) are in
# build-aux/sanitizers/lsan.supp.
PD_FUZZ_ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:halt_on_error=1:strict_string_checks=1:detect_stack_use_after_return=1:check_initialization_order=1"
# GLib, json-glib and libsoup have no frame pointers: ASan's fast unwinder
# stops at g_malloc(), so a leak report would not name the code that leaked
# and no suppression could match it. The tests pay for the slow unwinder;
# the fuzzers keep their speed.
PD_ASAN_OPTIONS="$PD_FUZZ_ASAN_OPTIONS:fast_unwind_on_malloc=0"
PD_UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"
PD_LSAN_OPTIONS="suppressions=$SRCDIR/build-aux/sanitizers/lsan.supp:print_suppressions=0"

# Everything the build, the app and the test suite use; the list and why
# each package is on it are in debian-packages.txt.
mapfile -t PD_PACKAGES < <(sed -e 's/#.*//' -e '/^[[:space:]]*$/d' -e 's/[[:space:]]//g' \
                             "$SRCDIR/build-aux/debian-packages.txt")

pd_log () {
  printf '\033[1m==> %s\033[0m\n' "$*" >&2
}

pd_sudo () {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  else
    sudo "$@"
  fi
}

pd_install_packages () {
  local missing=()
  local pkg

  for pkg in "${PD_PACKAGES[@]}" "$@"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
      missing+=("$pkg")
    fi
  done

  if [ ${#missing[@]} -eq 0 ]; then
    return 0
  fi

  pd_log "Installing ${missing[*]}"
  pd_sudo apt-get update -qq
  pd_sudo env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

# pd_configure [meson setup options…]
pd_configure () {
  cd "$SRCDIR"
  if [ -f "$BUILDDIR/build.ninja" ]; then
    meson configure "$BUILDDIR" "$@" >/dev/null
  else
    pd_log "Configuring into $BUILDDIR"
    meson setup "$BUILDDIR" "$@"
  fi
}

# pd_configure_asan [meson setup options…]: _build-asan, ASan + UBSan.
pd_configure_asan () {
  cd "$SRCDIR"
  if [ -f "$ASAN_BUILDDIR/build.ninja" ]; then
    meson configure "$ASAN_BUILDDIR" "$@" >/dev/null
  else
    pd_log "Configuring into $ASAN_BUILDDIR (ASan + UBSan)"
    meson setup "$ASAN_BUILDDIR" -Db_sanitize=address,undefined -Db_lundef=false "$@"
  fi
}

# pd_configure_fuzz: _build-fuzz, clang + libFuzzer. Warnings are not
# errors there: the project is kept warning-free with gcc, and clang warns
# about some GLib macros (-Wcast-align in G_DEFINE_EXTENDED_ERROR).
pd_configure_fuzz () {
  cd "$SRCDIR"
  if [ -f "$FUZZ_BUILDDIR/build.ninja" ]; then
    meson configure "$FUZZ_BUILDDIR" -Dwerror=false >/dev/null
  else
    pd_log "Configuring into $FUZZ_BUILDDIR (clang, libFuzzer)"
    CC=clang meson setup "$FUZZ_BUILDDIR" -Dfuzzing=true -Db_lundef=false -Dwerror=false
  fi
}

pd_build () {
  pd_log "Building"
  meson compile -C "$BUILDDIR"
}
