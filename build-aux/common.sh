# Shared by build-aux/run and build-aux/test: install what the build and
# the tests need from Debian 12, then configure and build into _build.
# Safe to run again: it installs only what is missing and reconfigures only
# when asked.

set -euo pipefail

SRCDIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILDDIR="$SRCDIR/_build"

# One package a line; everything the build, the app and the test suite use.
PD_PACKAGES=(
  meson ninja-build pkg-config gcc gettext
  libglib2.0-dev libglib2.0-bin
  libgtk-4-dev libadwaita-1-dev
  libsoup-3.0-dev libjson-glib-dev
  libqrencode-dev libsqlite3-dev libcairo2-dev
  sqlite3
  desktop-file-utils appstream libxml2-utils
  groff-base
  xvfb xauth dbus dbus-x11 at-spi2-core
  zbar-tools imagemagick
  libpango1.0-dev librsvg2-dev poppler-utils fonts-noto-cjk
  python3
)

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

pd_build () {
  pd_log "Building"
  meson compile -C "$BUILDDIR"
}
