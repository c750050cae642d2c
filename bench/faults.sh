#!/usr/bin/env bash
# Crash and fault survival of the hub (issue 10, "Prove it"): its own PostgreSQL cluster, the simulator host and hub
# processes in Release on loopback, then five scenarios, each printing its counts and PASS/FAIL lines:
#   (a) kill -9 of the hub during N concurrent creates, restart, every request re-sent with its key
#   (b) two hub instances racing the same keys
#   (c) PostgreSQL restarted under load
#   (d) the provider answering 5xx (the circuit opens), then hanging (unknown outcomes, reconciled, never re-sent)
#   (e) (a) and (b) again with the hubs behind PgBouncer in transaction mode (installed with apt if missing)
#
#   bench/faults.sh [--no-build] [--creates N] [--race N] [--only a,b,c,d,e]
#
# Environment: FAULTS_CREATES (1000) creates in (a), FAULTS_RACE (200) keys in (b), FAULTS_CLIENTS (32) concurrent
# requests. Last line: "faults: N passed, F failed"; exit 0 only when F is 0. Not part of ./test.sh (minutes).
set -euo pipefail

BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$BENCH/.." && pwd)"
cd "$REPO"
# shellcheck source=../scripts/pg.sh
. "$REPO/scripts/pg.sh"
# shellcheck source=faults-lib.sh
. "$BENCH/faults-lib.sh"

usage() { sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; }
BUILD=1 CREATES="${FAULTS_CREATES:-1000}" RACE="${FAULTS_RACE:-200}" ONLY="a,b,c,d,e"
CLIENTS="${FAULTS_CLIENTS:-32}"
while [ $# -gt 0 ]; do
  case "$1" in
    --no-build) BUILD=0 ;;
    --creates) CREATES="${2:?--creates needs a number}"; shift ;;
    --race) RACE="${2:?--race needs a number}"; shift ;;
    --only) ONLY="${2:?--only needs a list}"; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "bench/faults.sh: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
  esac
  shift
done
wants() { case ",$ONLY," in *",$1,"*) return 0 ;; *) return 1 ;; esac; }

if [ -z "${HOME:-}" ]; then HOME="$(getent passwd "$(id -u)" | cut -d: -f6)"; export HOME; fi
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
for tool in jq curl xargs; do command -v "$tool" >/dev/null 2>&1 || die "$tool is needed (apt-get install -y $tool)"; done

HUB_DLL="$REPO/src/Hub/bin/Release/net10.0/Hub.dll"
SIM_DLL="$REPO/simulators/Host/bin/Release/net10.0/Simulators.Host.dll"
PLUGINS="$REPO/artifacts/plugins"
DB_NAME=faults_hub
START_EPOCH="$(date +%s)"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/hub-faults.XXXXXX")"
chmod 755 "$WORK"
PG_BASE="$WORK/pg"
declare -A HUB_PIDS=()
SIM_PID="" BOUNCER_PID="" PG_STARTED=0 CLEANED=0
cleanup() {
  [ "$CLEANED" = 1 ] && return 0
  CLEANED=1
  trap '' INT TERM
  local name
  for name in "${!HUB_PIDS[@]}"; do stop_pid "${HUB_PIDS[$name]}"; done
  # pg_as_postgres runs pgbouncer under runuser: stop pgbouncer itself by its pidfile, then the wrapper.
  [ -s "$WORK/pgbouncer/pgbouncer.pid" ] && { kill -TERM "$(cat "$WORK/pgbouncer/pgbouncer.pid")" 2>/dev/null || true; }
  stop_pid "$BOUNCER_PID"; stop_pid "$SIM_PID"
  [ "$PG_STARTED" = 1 ] && { pg_stop "$PG_BASE" || true; }
  if [ "$FAILED" = 0 ] && [ "${FAULTS_KEEP:-0}" != 1 ]; then rm -rf "$WORK"; else say "logs kept in $WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- build, cluster, simulator ---------------------------------------------------------------------------
if [ "$BUILD" = 1 ]; then
  say "building (Release): hub, MTN connector, simulator host"
  for p in src/Hub/Hub.csproj connectors/MtnMomo/MtnMomo.csproj simulators/Host/Simulators.Host.csproj; do
    dotnet build "$p" -c Release -nologo -v quiet >>"$WORK/build.log" 2>&1 || { tail -n 30 "$WORK/build.log" >&2; die "build of $p failed"; }
  done
fi
for f in "$HUB_DLL" "$SIM_DLL" "$PLUGINS/MtnMomo/MtnMomo.dll"; do [ -f "$f" ] || die "$f not found: run without --no-build"; done

PG_PORT="$(pick_free_port 56432 56531)" || die "no free port for PostgreSQL"
HUB1_PORT="$(pick_free_port 58280 58289)" || die "no free port for the hub"
HUB2_PORT="$(pick_free_port 58290 58299)" || die "no free port for the second hub"
SIM_PORT="$(pick_free_port 58300 58319)" || die "no free port for the simulator"
BOUNCER_PORT="$(pick_free_port 58320 58339)" || die "no free port for PgBouncer"
HUB1="http://127.0.0.1:$HUB1_PORT" HUB2="http://127.0.0.1:$HUB2_PORT" SIM_URL="http://127.0.0.1:$SIM_PORT"

ensure_pg_installed || die "PostgreSQL server is not installed (see scripts/README.md)"
pg_init "$PG_BASE" "$PG_PORT" >"$WORK/pg-init.log" 2>&1 || { cat "$WORK/pg-init.log" >&2; die "initdb failed"; }
pg_as_postgres tee -a "$PG_BASE/data/postgresql.conf" >/dev/null <<'EOF'
# bench/faults.sh: durable as in production (a crash must lose nothing acknowledged)
synchronous_commit = on
fsync = on
max_connections = 300
EOF
pg_start "$PG_BASE" "$PG_PORT" || die "PostgreSQL did not start (log: $PG_BASE/postgres.log)"
PG_STARTED=1
pg_psql "$PG_PORT" -d postgres -qc "create database $DB_NAME"
CONN="$(pg_conn_string "$PG_PORT" "$DB_NAME")"
psql_db() { pg_psql "$PG_PORT" -d "$DB_NAME" "$@"; }
say "PostgreSQL 127.0.0.1:$PG_PORT (fsync on, synchronous_commit on)"

export Hub__PluginsPath="$PLUGINS" ASPNETCORE_ENVIRONMENT=Development DOTNET_ENVIRONMENT=Development
export Hub__RateLimit__Limit=1000000000 Hub__CallbackRateLimit__Limit=0
# A crashed instance's idempotency lease lapses in 10 s (renewed every 3 s while a request runs).
export Hub__IdempotencyLease=00:00:10 Hub__IdempotencyLeaseRenewal=00:00:03
export Hub__ProviderAttemptTimeout=00:00:03 Hub__ProviderTotalTimeout=00:00:06
ConnectionStrings__Hub="$CONN" dotnet "$HUB_DLL" migrate </dev/null >"$WORK/migrate.log" 2>&1 \
  || { tail -n 30 "$WORK/migrate.log" >&2; die "migrate failed"; }

# Only MTN is used: every other simulator of the host on a free port (another run may hold the table's ports).
while IFS=$'\t' read -r sim_id _; do
  case "$sim_id" in ''|'#'*|mtn_momo) continue ;; esac
  export "Simulators__${sim_id}__Port=0"
done <"$REPO/simulators/ports.tsv"
export Simulators__mtn_momo__Port="$SIM_PORT"
dotnet "$SIM_DLL" </dev/null >"$WORK/simulators.log" 2>&1 &
SIM_PID=$!
for ((i = 0; i < 120; i++)); do
  kill -0 "$SIM_PID" 2>/dev/null || { tail -n 30 "$WORK/simulators.log" >&2; SIM_PID=""; die "the simulator host exited"; }
  grep -q "simulators ready" "$WORK/simulators.log" 2>/dev/null && break
  sleep 0.5
done
port_in_use "$SIM_PORT" || die "the MTN simulator does not listen on $SIM_PORT"
say "MTN simulator on $SIM_URL"

start_hub hub1 "$HUB1_PORT" "$CONN"
ConnectionStrings__Hub="$CONN" dotnet "$HUB_DLL" seed-demo --output "$WORK/demo.json" --hub-url "$HUB1" --simulator "mtn_momo=$SIM_URL" \
  </dev/null >"$WORK/seed.log" 2>&1 || { tail -n 30 "$WORK/seed.log" >&2; die "seed-demo failed"; }
export FAULTS_KEY
FAULTS_KEY="$(jq -r '.tenants[0].merchants[0].key' "$WORK/demo.json")"
[ -n "$FAULTS_KEY" ] && [ "$FAULTS_KEY" != null ] || die "no merchant key in demo.json"
# MTN's sandbox: 1500 XAF stays PENDING for ever (no callback), so every payment below is a live request to pay.
sim_post /__sim/overrides '{"match":{"amount":"1500"},"outcome":{"status":"PENDING"}}'

# --- the scenarios ---------------------------------------------------------------------------------------
. "$BENCH/faults-scenarios.sh"
wants a && scenario_kill "a" "$HUB1" "$CREATES"
wants b && scenario_race "b" "$HUB1" "$HUB2" "$RACE" "$CONN"
wants c && scenario_pg_restart "c"
wants d && scenario_provider "d"
if wants e; then
  if ensure_pgbouncer; then
    start_pgbouncer
    BOUNCED="Host=127.0.0.1;Port=$BOUNCER_PORT;Username=postgres;Database=$DB_NAME;No Reset On Close=true;Max Auto Prepare=0"
    stop_hub hub1
    start_hub hub1 "$HUB1_PORT" "$BOUNCED"
    scenario_kill "e1" "$HUB1" "$(( CREATES / 2 ))" "$BOUNCED"
    scenario_race "e2" "$HUB1" "$HUB2" "$(( RACE / 2 ))" "$BOUNCED"
  else
    say "(e) SKIPPED: pgbouncer is not installed and could not be installed with apt ($PGBOUNCER_WHY)"
  fi
fi

say "done in $(( $(date +%s) - START_EPOCH )) s"
echo "faults: $PASSED passed, $FAILED failed"
[ "$FAILED" = 0 ]
