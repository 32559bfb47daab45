#!/usr/bin/env bash
# The OS packages the tests need, by group (no argument: browser):
#   browser  Chromium and its driver (browser tests), GNU gettext (catalog checks)
#   build    what the MariaDB driver (mysqlclient) is compiled with: pkg-config, libmariadb-dev, a C compiler
#   mariadb  the MariaDB server of the tests on a real database (and the build group)
# Installs them when missing and we are root with apt-get; otherwise says what to install.
set -euo pipefail
missing=()
have() { command -v "$1" >/dev/null 2>&1 || [ -x "/usr/sbin/$1" ]; }
build() {
  have pkg-config || missing+=(pkg-config)
  have gcc || missing+=(gcc)
  { have pkg-config && pkg-config --exists libmariadb 2>/dev/null; } || have mariadb_config || missing+=(libmariadb-dev)
}
[ $# -eq 0 ] && set -- browser
for group in "$@"; do
  case "$group" in
    browser)
      have chromium || missing+=(chromium)
      have chromedriver || missing+=(chromium-driver)
      have msgfmt || missing+=(gettext) ;;
    build) build ;;
    mariadb)
      have mariadbd || missing+=(mariadb-server)
      build ;;
    *) echo "Unknown group: $group (browser, build, mariadb)" >&2; exit 2 ;;
  esac
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing OS packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "Missing OS packages: ${missing[*]}. Install them (Debian/Ubuntu: sudo apt-get install ${missing[*]})." >&2
  exit 1
fi
