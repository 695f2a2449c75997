#!/usr/bin/env bash
# A private, throw-away PostgreSQL cluster for the tests.
#
#   scripts/pg.sh start   stop any old test cluster, create a new one, print its URL on stdout
#   scripts/pg.sh stop    stop the cluster and delete its files
#   scripts/pg.sh url     print the URL (whether or not it is running)
#   scripts/pg.sh status  say whether it answers
#
# The cluster lives in a mktemp directory whose path is kept in target/pg/dir; it listens on
# 127.0.0.1:$PGPORT_TEST (default 55432) and trusts every local connection (user postgres).
# As root, initdb and pg_ctl run as the `postgres` user (initdb refuses root).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STATE="$ROOT/target/pg"
PORT="${PGPORT_TEST:-55432}"
URL="postgres://postgres@127.0.0.1:$PORT/postgres"

say() { echo "pg: $*" >&2; }
die() { say "$*"; exit 1; }

pg_bin() {
  local d
  if [[ -n "${PG_BIN:-}" ]]; then echo "$PG_BIN"; return; fi
  if [[ -x /usr/lib/postgresql/15/bin/initdb ]]; then echo /usr/lib/postgresql/15/bin; return; fi
  # shellcheck disable=SC2012
  d="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
  if [[ -n "$d" && -x "$d/initdb" ]]; then echo "$d"; return; fi
  d="$(command -v initdb 2>/dev/null || true)"
  [[ -n "$d" ]] && { dirname "$d"; return; }
  die "PostgreSQL server binaries not found (install the Debian package postgresql)"
}

# Runs a command as the cluster's owner: `postgres` when we are root, else ourselves.
as_owner() {
  if [[ "$(id -u)" == 0 ]]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

# Stops the cluster whose data directory is "$1/db" (if running) and deletes "$1".
discard() {
  local dir="$1" bin
  [[ -n "$dir" && -d "$dir" ]] || return 0
  bin="$(pg_bin)"
  if [[ -f "$dir/db/postmaster.pid" ]]; then
    say "stopping the cluster in $dir"
    (cd "$dir" && as_owner "$bin/pg_ctl" -D "$dir/db" -m fast -w -t 30 stop >/dev/null 2>&1) ||
      (cd "$dir" && as_owner "$bin/pg_ctl" -D "$dir/db" -m immediate -w -t 30 stop >/dev/null 2>&1) || true
  fi
  rm -rf -- "$dir"
}

stop() {
  local dir=""
  [[ -f "$STATE/dir" ]] && dir="$(cat "$STATE/dir")"
  discard "$dir"
  rm -f "$STATE/dir"
  # Clusters from earlier runs whose state file was lost but which still hold our port.
  local pidfile
  for pidfile in "${TMPDIR:-/tmp}"/sciserve-pg.*/db/postmaster.pid; do
    [[ -f "$pidfile" ]] || continue
    if [[ "$(sed -n 4p "$pidfile" 2>/dev/null)" == "$PORT" ]]; then
      discard "$(dirname "$(dirname "$pidfile")")"
    fi
  done
}

answers() { "$(pg_bin)/pg_isready" -q -h 127.0.0.1 -p "$PORT" -t 2 >/dev/null 2>&1; }

# The server daemon inherits our open files: close everything above stderr first, so it keeps no
# pipe of the caller's open (a log tee or CI would otherwise wait for it until the cluster stops).
close_extra_fds() {
  local fd
  for fd in /proc/"$BASHPID"/fd/*; do
    fd="${fd##*/}"
    if [[ "$fd" =~ ^[0-9]+$ ]] && ((fd > 2)); then eval "exec $fd>&-" 2>/dev/null || true; fi
  done
}

start() {
  local bin dir i
  bin="$(pg_bin)"
  close_extra_fds
  stop
  if answers; then
    die "something else already answers on 127.0.0.1:$PORT; set PGPORT_TEST to another port"
  fi
  mkdir -p "$STATE"
  dir="$(mktemp -d "${TMPDIR:-/tmp}/sciserve-pg.XXXXXX")"
  echo "$dir" >"$STATE/dir"
  chmod 755 "$dir"
  [[ "$(id -u)" == 0 ]] && chown postgres: "$dir"
  say "initdb in $dir"
  if ! (cd "$dir" && as_owner "$bin/initdb" -D "$dir/db" -A trust -U postgres -E UTF8 --locale=C.UTF-8 --no-sync \
        >"$dir/initdb.log" 2>&1); then
    cat "$dir/initdb.log" >&2
    die "initdb failed"
  fi
  say "starting on 127.0.0.1:$PORT"
  # Test settings: no durability needed; room for many short-lived test databases and pools.
  if ! (cd "$dir" && as_owner "$bin/pg_ctl" -D "$dir/db" -l "$dir/log" -w -t 60 \
        -o "-p $PORT -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
        start >/dev/null 2>&1); then
    cat "$dir/log" >&2 || true
    die "pg_ctl start failed"
  fi
  for ((i = 0; i < 60; i++)); do
    if answers; then
      say "ready"
      echo "$URL"
      return 0
    fi
    sleep 1
  done
  cat "$dir/log" >&2 || true
  die "PostgreSQL did not become ready on port $PORT"
}

case "${1:-}" in
  start) start ;;
  stop) stop; say "stopped" ;;
  url) echo "$URL" ;;
  status) if answers; then say "running on $PORT"; else say "not running on $PORT"; exit 1; fi ;;
  *) echo "usage: $0 start|stop|url|status" >&2; exit 2 ;;
esac
