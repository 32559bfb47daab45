#!/usr/bin/env bash
# The OS packages the tests need: Chromium and its driver (browser tests),
# GNU gettext (catalog checks). Installs them when missing and we are root
# with apt-get; otherwise says what to install.
set -euo pipefail
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v chromedriver >/dev/null 2>&1 || missing+=(chromium-driver)
command -v msgfmt >/dev/null 2>&1 || missing+=(gettext)
for extra in "$@"; do
  case "$extra" in
    mariadb) command -v mariadbd >/dev/null 2>&1 || [ -x /usr/sbin/mariadbd ] || missing+=(mariadb-server) ;;
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
