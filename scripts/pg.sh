#!/usr/bin/env bash
# Private PostgreSQL clusters for run.sh and test.sh. Source it: `. scripts/pg.sh`.
#
# A cluster lives in one directory <base>:
#   <base>/data          PGDATA (initdb -U postgres, trust auth on loopback only)
#   <base>/sock/         unix socket directory (TCP on 127.0.0.1 is what clients use)
#   <base>/postgres.log  server log
# As root, every PostgreSQL program runs as the `postgres` OS user (runuser), so <base> must be owned by
# postgres and every parent directory must be traversable by it (see pg_user_can_use).
#
# Functions (all paths absolute):
#   ensure_pg_installed        find initdb/pg_ctl, apt-get install postgresql-15 (or postgresql) when missing
#   pg_bin_dir                 print the directory holding initdb/pg_ctl/pg_isready/psql
#   pg_as_postgres CMD...      run CMD as the postgres user when root, as ourselves otherwise
#   pg_prepare_base <base>     mkdir + chown postgres + chmod 700
#   pg_user_can_use <dir>      true if the user running the server can create/write <dir>
#   pg_init <base> <port> [fast]   initdb when <base>/data is not a cluster yet ("fast": fsync off, for tests)
#   pg_start <base> <port>     start (or keep a running one), wait until pg_isready
#   pg_stop <base>             pg_ctl stop -m fast (no-op when not running)
#   pg_is_running <base>       true if the cluster's postmaster is alive
#   pg_running_port <base>     port of the running postmaster (from postmaster.pid)
#   pick_free_port [from] [to] first loopback TCP port in the range nobody listens on
#   port_in_use <port>         true if something accepts connections on 127.0.0.1:<port>
#   pg_conn_string <port> [db] Npgsql connection string for the superuser
#   pg_psql <port> ARGS...     psql as superuser over TCP

PG_SUPERUSER=postgres

_pg_log() { printf '[pg] %s\n' "$*" >&2; }

pg_is_root() { [ "$(id -u)" -eq 0 ]; }

# Prints the bin directory of PostgreSQL (15 preferred). PG_BIN overrides.
pg_bin_dir() {
  local d
  for d in "${PG_BIN:-}" /usr/lib/postgresql/15/bin; do
    if [ -n "$d" ] && [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then echo "$d"; return 0; fi
  done
  # Any other installed major version, newest first.
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k5 -rn); do
    if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then echo "$d"; return 0; fi
  done
  # On PATH (Homebrew, other distributions).
  if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
    d="$(dirname "$(readlink -f "$(command -v initdb)")")"
    if [ -x "$d/pg_ctl" ]; then echo "$d"; return 0; fi
  fi
  return 1
}

_pg_apt() {
  local sudo=()
  if ! pg_is_root; then
    if command -v sudo >/dev/null 2>&1; then sudo=(sudo); else
      _pg_log "PostgreSQL is not installed and we are not root (and no sudo): run 'apt-get install -y postgresql-15' as root"
      return 1
    fi
  fi
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get "$@"
}

# Installs the server when initdb/pg_ctl are missing: postgresql-15, else postgresql; apt-get update on failure.
ensure_pg_installed() {
  if PG_BIN_DIR="$(pg_bin_dir)"; then export PG_BIN_DIR; return 0; fi
  if ! command -v apt-get >/dev/null 2>&1; then
    _pg_log "initdb/pg_ctl not found and apt-get is not available: install PostgreSQL 15 server (or set PG_BIN)"
    return 1
  fi
  _pg_log "PostgreSQL server not found; installing it with apt-get (postgresql-15)…"
  local pkg
  for pkg in postgresql-15 postgresql; do
    if _pg_apt install -y -q "$pkg" >&2; then break; fi
    _pg_log "apt-get install $pkg failed; running apt-get update and retrying"
    if _pg_apt update -q >&2 && _pg_apt install -y -q "$pkg" >&2; then break; fi
  done
  if PG_BIN_DIR="$(pg_bin_dir)"; then export PG_BIN_DIR; return 0; fi
  _pg_log "could not install the PostgreSQL server (tried postgresql-15 and postgresql)"
  return 1
}

_pg_bin() { echo "${PG_BIN_DIR:-$(pg_bin_dir)}/$1"; }

# As root: make sure the postgres OS user exists (the Debian package creates it).
_pg_ensure_os_user() {
  pg_is_root || return 0
  id -u postgres >/dev/null 2>&1 && return 0
  _pg_log "creating the 'postgres' system user"
  useradd --system --user-group --home-dir /var/lib/postgresql --shell /bin/bash postgres
}

# Runs a command as the postgres user when root (initdb and postgres refuse to run as root), from `/` so an
# unreadable current directory (a repo under /root) does not bother it.
pg_as_postgres() {
  if pg_is_root; then
    _pg_ensure_os_user
    (cd / && runuser -u postgres -- "$@")
  else
    (cd / && "$@")
  fi
}

# Can the server's user own and write <dir>? As root: create it, chown it to postgres and check that postgres can
# reach it (false when some parent directory is not traversable by postgres, e.g. a clone under /root).
pg_user_can_use() {
  local dir="$1"
  pg_is_root || return 0
  _pg_ensure_os_user
  mkdir -p "$dir" && chown postgres: "$dir" && chmod 700 "$dir" || return 1
  pg_as_postgres test -w "$dir" -a -x "$dir" 2>/dev/null
}

# Creates <base> for the server's user.
pg_prepare_base() {
  local base="$1"
  mkdir -p "$base"
  if pg_is_root; then
    _pg_ensure_os_user
    chown postgres: "$base"
  fi
  chmod 700 "$base"
}

# Unix sockets have a ~107-byte path limit: use <base>/sock when short enough, otherwise TCP only.
_pg_socket_dir() {
  local base="$1"
  if [ "${#base}" -le 80 ]; then echo "$base/sock"; else echo ""; fi
}

pg_init() {
  local base="$1" port="$2" mode="${3:-}"
  if [ -f "$base/data/PG_VERSION" ]; then return 0; fi
  pg_prepare_base "$base"
  local sock; sock="$(_pg_socket_dir "$base")"
  _pg_log "initializing a PostgreSQL cluster in $base/data"
  if ! pg_as_postgres "$(_pg_bin initdb)" -D "$base/data" -U "$PG_SUPERUSER" --auth=trust \
      --encoding=UTF8 --locale=C --no-instructions >"$base/initdb.log" 2>&1; then
    cat "$base/initdb.log" >&2
    _pg_log "initdb failed (log: $base/initdb.log)"
    return 1
  fi
  if [ -n "$sock" ]; then pg_as_postgres mkdir -p "$sock"; fi
  # Loopback TCP only; trust because nothing but this machine can reach it.
  pg_as_postgres tee -a "$base/data/postgresql.conf" >/dev/null <<EOF

# --- connector-hub private cluster (scripts/pg.sh) ---
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$sock'
max_connections = 200
logging_collector = off
log_min_messages = warning
EOF
  if [ "$mode" = fast ]; then
    pg_as_postgres tee -a "$base/data/postgresql.conf" >/dev/null <<'EOF'
# throwaway test cluster: durability is not needed
fsync = off
synchronous_commit = off
full_page_writes = off
EOF
  fi
  pg_as_postgres tee "$base/data/pg_hba.conf" >/dev/null <<'EOF'
# connector-hub private cluster: local socket and 127.0.0.1 only, trust.
# TYPE  DATABASE  USER  ADDRESS        METHOD
local   all       all                  trust
host    all       all   127.0.0.1/32   trust
EOF
}

pg_is_running() {
  local base="$1"
  [ -f "$base/data/PG_VERSION" ] || return 1
  pg_as_postgres "$(_pg_bin pg_ctl)" -D "$base/data" status >/dev/null 2>&1
}

# Line 4 of postmaster.pid is the port the running server listens on.
pg_running_port() {
  local base="$1"
  pg_as_postgres sed -n 4p "$base/data/postmaster.pid" 2>/dev/null | tr -d '[:space:]'
}

pg_wait_ready() {
  local port="$1" tries="${2:-60}" i
  for ((i = 0; i < tries; i++)); do
    if "$(_pg_bin pg_isready)" -q -h 127.0.0.1 -p "$port" -t 1 >/dev/null 2>&1; then return 0; fi
    sleep 1
  done
  return 1
}

pg_start() {
  local base="$1" port="$2"
  if pg_is_running "$base"; then
    local running; running="$(pg_running_port "$base")"
    _pg_log "PostgreSQL already running from $base/data on port ${running:-?}; reusing it"
    if [ -n "$running" ] && [ "$running" != "$port" ]; then
      _pg_log "note: it listens on $running, not $port"
    fi
    pg_wait_ready "${running:-$port}" 30
    return
  fi
  pg_as_postgres touch "$base/postgres.log"
  if ! pg_as_postgres "$(_pg_bin pg_ctl)" -D "$base/data" -l "$base/postgres.log" -o "-p $port" \
      -w -t 60 start >/dev/null; then
    tail -n 30 "$base/postgres.log" >&2 || true
    _pg_log "pg_ctl start failed (log: $base/postgres.log)"
    return 1
  fi
  if ! pg_wait_ready "$port" 60; then
    tail -n 30 "$base/postgres.log" >&2 || true
    _pg_log "PostgreSQL on port $port did not become ready"
    return 1
  fi
}

pg_stop() {
  local base="$1"
  [ -n "$base" ] && [ -f "$base/data/PG_VERSION" ] || return 0
  if pg_is_running "$base"; then
    pg_as_postgres "$(_pg_bin pg_ctl)" -D "$base/data" -m fast -w -t 60 stop >/dev/null 2>&1 ||
      pg_as_postgres "$(_pg_bin pg_ctl)" -D "$base/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
}

port_in_use() {
  local port="$1"
  if command -v timeout >/dev/null 2>&1; then
    timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$port" 2>/dev/null
  else
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null
  fi
}

pick_free_port() {
  local from="${1:-55432}" to="${2:-55532}" p
  for ((p = from; p <= to; p++)); do
    if ! port_in_use "$p"; then echo "$p"; return 0; fi
  done
  _pg_log "no free TCP port in $from-$to"
  return 1
}

pg_conn_string() {
  local port="$1" db="${2:-}"
  local cs="Host=127.0.0.1;Port=$port;Username=$PG_SUPERUSER"
  if [ -n "$db" ]; then cs="$cs;Database=$db"; fi
  echo "$cs"
}

pg_psql() {
  local port="$1"; shift
  "$(_pg_bin psql)" -h 127.0.0.1 -p "$port" -U "$PG_SUPERUSER" -X -v ON_ERROR_STOP=1 "$@"
}
