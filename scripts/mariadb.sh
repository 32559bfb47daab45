#!/usr/bin/env bash
# A private MariaDB server for the tests: its own data directory, socket and
# loopback port under var/mariadb/ (CAP_MARIADB_DIR overrides), no system
# service, no root password touched.
#
#   scripts/mariadb.sh start        initialise (first time) and start; creates the user and database
#   scripts/mariadb.sh stop         stop the server started by `start`
#   scripts/mariadb.sh env          print the CAP_DB_* variables that select it (for `eval`)
#   scripts/mariadb.sh run CMD...   start, run CMD with those variables, stop (even when CMD fails)
#
# Needs Debian's mariadb-server (mariadbd, mariadb-install-db, mariadb-admin).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$(pwd)"
DIR="${CAP_MARIADB_DIR:-$ROOT/var/mariadb}"
DATA="$DIR/data"
SOCKET="$DIR/mysqld.sock"
PIDFILE="$DIR/mysqld.pid"
PORTFILE="$DIR/port"
LOG="$DIR/mysqld.log"
DB_NAME="${CAP_DB_NAME:-cap}"
DB_USER="cap"
DB_PASSWORD="cap-local-tests"

find_bin() {
  local name
  for name in "$@"; do
    if command -v "$name" >/dev/null 2>&1; then command -v "$name"; return 0; fi
    for dir in /usr/sbin /usr/bin /usr/local/sbin /usr/local/bin; do
      [ -x "$dir/$name" ] && { echo "$dir/$name"; return 0; }
    done
  done
  echo "MariaDB is not installed (Debian: apt-get install mariadb-server, or bash scripts/os-packages.sh mariadb)." >&2
  return 1
}

running() {
  [ -f "$PIDFILE" ] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

client() {
  "$(find_bin mariadb mysql)" --no-defaults --socket="$SOCKET" -uroot "$@"
}

start() {
  mkdir -p "$DIR"
  if running; then return 0; fi
  local user_args=()
  [ "$(id -u)" = 0 ] && user_args=(--user=root)
  if [ ! -d "$DATA/mysql" ]; then
    rm -rf "$DATA"
    "$(find_bin mariadb-install-db mysql_install_db)" --no-defaults --datadir="$DATA" "${user_args[@]}" \
      --auth-root-authentication-method=normal --skip-test-db >"$DIR/install.log" 2>&1 \
      || { cat "$DIR/install.log" >&2; exit 1; }
  fi
  local port
  port="$(free_port)"
  echo "$port" >"$PORTFILE"
  "$(find_bin mariadbd mysqld)" --no-defaults --datadir="$DATA" --socket="$SOCKET" --pid-file="$PIDFILE" \
    --port="$port" --bind-address=127.0.0.1 "${user_args[@]}" \
    --character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci \
    --innodb-buffer-pool-size=128M --innodb-flush-log-at-trx-commit=2 --innodb-doublewrite=0 \
    --max-connections=400 --skip-name-resolve --log-error="$LOG" >/dev/null 2>&1 &
  for _ in $(seq 1 120); do
    if [ -S "$SOCKET" ] && client -e "SELECT 1" >/dev/null 2>&1; then break; fi
    sleep 0.25
  done
  client -e "SELECT 1" >/dev/null 2>&1 || { echo "MariaDB did not start; see $LOG" >&2; tail -20 "$LOG" >&2; exit 1; }
  client <<SQL
CREATE DATABASE IF NOT EXISTS \`$DB_NAME\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE USER IF NOT EXISTS '$DB_USER'@'localhost' IDENTIFIED BY '$DB_PASSWORD';
CREATE USER IF NOT EXISTS '$DB_USER'@'127.0.0.1' IDENTIFIED BY '$DB_PASSWORD';
GRANT ALL PRIVILEGES ON *.* TO '$DB_USER'@'localhost';
GRANT ALL PRIVILEGES ON *.* TO '$DB_USER'@'127.0.0.1';
SQL
  echo "MariaDB started on 127.0.0.1:$port (socket $SOCKET)." >&2
}

stop() {
  if ! running; then rm -f "$PIDFILE"; return 0; fi
  local pid
  pid="$(cat "$PIDFILE")"
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 120); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.25
  done
  if kill -0 "$pid" 2>/dev/null; then kill -9 "$pid" 2>/dev/null || true; fi
  echo "MariaDB stopped." >&2
}

print_env() {
  cat <<ENV
export CAP_DB_ENGINE=mysql
export CAP_DB_NAME=$DB_NAME
export CAP_DB_USER=$DB_USER
export CAP_DB_PASSWORD=$DB_PASSWORD
export CAP_DB_SOCKET=$SOCKET
export CAP_DB_HOST=127.0.0.1
export CAP_DB_PORT=$(cat "$PORTFILE" 2>/dev/null || echo 3306)
ENV
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  env) print_env ;;
  run)
    shift
    [ $# -gt 0 ] || { echo "usage: $0 run COMMAND..." >&2; exit 2; }
    started=0
    running || { start; started=1; }
    if [ "$started" = 1 ]; then trap stop EXIT; trap 'exit 130' INT TERM; fi
    eval "$(print_env)"
    "$@"
    ;;
  *) echo "usage: $0 start|stop|env|run COMMAND..." >&2; exit 2 ;;
esac
