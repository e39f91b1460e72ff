#!/usr/bin/env bash
# Makes sure PostgreSQL and NATS (with JetStream) answer on loopback, starting them - and on a
# Debian machine installing them - when they do not. Leaves alone whatever is already running,
# and anything the environment points elsewhere (DATABASE_URL, NATS_URL).
set -euo pipefail
source "$(dirname "$0")/lib.sh"

ensure_postgres() {
  if [ -n "${DATABASE_URL:-}" ] || port_open 5432; then return 0; fi
  if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then apt_install postgresql; fi
  local version
  version="$(ls /usr/lib/postgresql | sort -V | tail -n 1)"
  if [ ! -d "/etc/postgresql/$version/main" ]; then
    as_root pg_createcluster "$version" main >/dev/null
  fi
  say "Starting PostgreSQL $version on 127.0.0.1:5432"
  as_root pg_ctlcluster --skip-systemctl-redirect "$version" main start
  wait_port 5432 30 PostgreSQL
  # Debian asks for a password on 127.0.0.1: give the postgres role the one the default DATABASE_URL uses.
  as_root su postgres -c "psql -qc \"ALTER ROLE postgres PASSWORD 'postgres'\"" >/dev/null
}

nats_binary() {
  command -v nats-server 2>/dev/null || { [ -x /usr/sbin/nats-server ] && echo /usr/sbin/nats-server; } || true
}

ensure_nats() {
  if [ -n "${NATS_URL:-}" ] || port_open 4222; then return 0; fi
  [ -n "$(nats_binary)" ] || apt_install nats-server
  mkdir -p "$STATE_DIR/nats"
  # NATS holds the API key directory: the server started here asks for credentials, kept in a
  # mode-600 file that npm start reads (NATS_USER / NATS_PASSWORD) for the services.
  if [ ! -s "$STATE_DIR/nats-credentials" ]; then
    (umask 077 && node -e 'console.log("selgeo " + require("crypto").randomBytes(18).toString("hex"))' >"$STATE_DIR/nats-credentials")
  fi
  local user pass
  read -r user pass <"$STATE_DIR/nats-credentials"
  say "Starting nats-server with JetStream on 127.0.0.1:4222 (data in $STATE_DIR/nats, credentials in $STATE_DIR/nats-credentials)"
  nohup "$(nats_binary)" -a 127.0.0.1 -p 4222 -js -sd "$STATE_DIR/nats" --user "$user" --pass "$pass" >"$STATE_DIR/nats-server.log" 2>&1 &
  echo $! >"$STATE_DIR/nats-server.pid"
  wait_port 4222 15 nats-server
}

mkdir -p "$STATE_DIR"
ensure_postgres
ensure_nats
