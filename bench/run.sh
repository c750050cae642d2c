#!/usr/bin/env bash
# The same-run end-to-end benchmark of the hub (issue 11): a throwaway PostgreSQL cluster, the MTN simulator and the
# hub in Release on loopback, then every figure measured in this one run and checked against its target.
#
#   bench/run.sh [--no-build] [--no-fail] [--soak-seconds N] [--trace]
#
#   --no-build        use the Release builds already there
#   --no-fail         report only: exit 0 even when a target is missed (also BENCH_NO_FAIL=1)
#   --soak-seconds N  soak length (BENCH_SOAK_SECONDS, default 600)
#   --trace           also record a CPU-sampling trace of the hub at 16 clients (dotnet-trace, bench/.tools) and
#                     the statements of one create (pg_stat_statements), for bench/results/<date>-profile.md
#
# Environment: BENCH_POINT_SECONDS (20) seconds per load point, BENCH_WARMUP_SECONDS (5) before each,
# BENCH_HUB_WARMUP_SECONDS (20) of 16 clients and BENCH_SETTLE_SECONDS (10) idle before the first, BENCH_MAX_REQUESTS
# (200000) per point, BENCH_SOAK_RATE (40) creates/s during the soak, BENCH_SLOW_SECONDS (2) provider delay.
#
# Writes bench/results/<date>.md, .json and -statements.tsv (and <date>-trace/ with --trace; not committed). Logs: the
# work folder printed at the end (kept when the run fails or with BENCH_KEEP=1, removed otherwise).
set -euo pipefail

BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$BENCH/.." && pwd)"
cd "$REPO"
# shellcheck source=../scripts/pg.sh
. "$REPO/scripts/pg.sh"

usage() { sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; }

BUILD=1 NO_FAIL="${BENCH_NO_FAIL:-0}" TRACE=0
SOAK_SECONDS="${BENCH_SOAK_SECONDS:-600}"
while [ $# -gt 0 ]; do
  case "$1" in
    --no-build) BUILD=0 ;;
    --no-fail) NO_FAIL=1 ;;
    --trace) TRACE=1 ;;
    --soak-seconds) [ $# -ge 2 ] || { echo "bench/run.sh: --soak-seconds needs a number" >&2; exit 2; }; SOAK_SECONDS="$2"; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "bench/run.sh: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
  esac
  shift
done

POINT_SECONDS="${BENCH_POINT_SECONDS:-20}"
WARMUP_SECONDS="${BENCH_WARMUP_SECONDS:-5}"
HUB_WARMUP_SECONDS="${BENCH_HUB_WARMUP_SECONDS:-20}"
SETTLE_SECONDS="${BENCH_SETTLE_SECONDS:-10}"
MAX_REQUESTS="${BENCH_MAX_REQUESTS:-200000}"
SOAK_RATE="${BENCH_SOAK_RATE:-40}"
SLOW_SECONDS="${BENCH_SLOW_SECONDS:-2}"
CLIENT_POINTS=(1 16 64)

if [ -z "${HOME:-}" ]; then HOME="$(getent passwd "$(id -u)" | cut -d: -f6)"; export HOME; fi
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

HUB_DLL="$REPO/src/Hub/bin/Release/net10.0/Hub.dll"
SIM_DLL="$REPO/simulators/Host/bin/Release/net10.0/Simulators.Host.dll"
LOADGEN_DLL="$BENCH/LoadGen/bin/Release/net10.0/LoadGen.dll"
PLUGINS="$REPO/artifacts/plugins"
TOOLS="$BENCH/.tools"
DB_NAME=bench_hub
STAMP="$(date -u +%Y-%m-%d)"
RESULTS="$BENCH/results"
START_EPOCH="$(date +%s)"
LOAD_START="$(cut -d' ' -f1-3 /proc/loadavg)"

say() { printf '[bench %4ss] %s\n' "$(($(date +%s) - START_EPOCH))" "$*"; }
die() { printf '[bench] ERROR: %s\n' "$*" >&2; exit 1; }

for tool in jq curl; do
  command -v "$tool" >/dev/null 2>&1 || die "$tool is needed (apt-get install -y $tool)"
done

# --- work folder and cleanup ----------------------------------------------------------------------------
# As root the cluster runs as postgres, which must be able to enter the folder: mktemp -d under /tmp, opened up.
WORK="$(mktemp -d "${TMPDIR:-/tmp}/hub-bench.XXXXXX")"
chmod 755 "$WORK"
PG_BASE="$WORK/pg"
HUB_PID="" SIM_PID="" LOAD_PID="" SAMPLER_PID="" PG_STARTED=0 CLEANED=0 OK_TO_REMOVE=0
stop_pid() {
  local pid="$1" i
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 100; i++)); do kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null || true; return 0; }; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}
cleanup() {
  [ "$CLEANED" = 1 ] && return 0
  CLEANED=1
  trap '' INT TERM
  stop_pid "$SAMPLER_PID"; stop_pid "$LOAD_PID"; stop_pid "$HUB_PID"; stop_pid "$SIM_PID"
  [ "$PG_STARTED" = 1 ] && { pg_stop "$PG_BASE" || true; }
  if [ "$OK_TO_REMOVE" = 1 ]; then rm -rf "$WORK"; else say "logs kept in $WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- build ----------------------------------------------------------------------------------------------
if [ "$BUILD" = 1 ]; then
  say "building (Release): hub, MTN connector, simulator host, load generator"
  for p in src/Hub/Hub.csproj connectors/MtnMomo/MtnMomo.csproj simulators/Host/Simulators.Host.csproj bench/LoadGen/LoadGen.csproj; do
    dotnet build "$p" -c Release -nologo -v quiet >>"$WORK/build.log" 2>&1 || { tail -n 30 "$WORK/build.log" >&2; die "build of $p failed"; }
  done
fi
for f in "$HUB_DLL" "$SIM_DLL" "$LOADGEN_DLL" "$PLUGINS/MtnMomo/MtnMomo.dll"; do
  [ -f "$f" ] || die "$f not found: run without --no-build"
done
if [ ! -x "$TOOLS/dotnet-counters" ] || { [ "$TRACE" = 1 ] && [ ! -x "$TOOLS/dotnet-trace" ]; }; then
  say "installing dotnet-counters/dotnet-trace into bench/.tools"
  dotnet tool install dotnet-counters --tool-path "$TOOLS" >>"$WORK/build.log" 2>&1 || true
  [ "$TRACE" = 1 ] && { dotnet tool install dotnet-trace --tool-path "$TOOLS" >>"$WORK/build.log" 2>&1 || true; }
fi

# --- ports ----------------------------------------------------------------------------------------------
PG_PORT="$(pick_free_port 55432 55531)" || die "no free port for PostgreSQL"
HUB_PORT="$(pick_free_port 58080 58099)" || die "no free port for the hub"
SIM_PORT="$(pick_free_port 58100 58119)" || die "no free port for the simulator"
RECV_PORT="$(pick_free_port 58120 58139)" || die "no free port for the webhook receiver"
HUB_URL="http://127.0.0.1:$HUB_PORT"
SIM_URL="http://127.0.0.1:$SIM_PORT"

# --- PostgreSQL: durable (fsync, synchronous_commit on), pg_stat_statements loaded ------------------------
ensure_pg_installed || die "PostgreSQL server is not installed (see scripts/README.md)"
PGBENCH="$(pg_bin_dir)/pgbench"
if [ ! -x "$PGBENCH" ]; then
  PGBENCH="$(command -v pgbench || true)"
  [ -n "$PGBENCH" ] || { _pg_apt install -y -q postgresql-contrib >&2 || true; PGBENCH="$(command -v pgbench || true)"; }
  [ -n "$PGBENCH" ] || die "pgbench not found (apt-get install postgresql-contrib)"
fi
pg_init "$PG_BASE" "$PG_PORT" >"$WORK/pg-init.log" 2>&1 || { cat "$WORK/pg-init.log" >&2; die "initdb failed"; }
pg_as_postgres tee -a "$PG_BASE/data/postgresql.conf" >/dev/null <<'EOF'
# bench/run.sh: durable as in production; statements counted
synchronous_commit = on
fsync = on
shared_preload_libraries = 'pg_stat_statements'
pg_stat_statements.track = all
pg_stat_statements.track_utility = on
EOF
pg_start "$PG_BASE" "$PG_PORT" || die "PostgreSQL did not start (log: $PG_BASE/postgres.log)"
PG_STARTED=1
pg_psql "$PG_PORT" -d postgres -qc "create database $DB_NAME"
pg_psql "$PG_PORT" -d "$DB_NAME" -qc "create extension pg_stat_statements"
CONN="$(pg_conn_string "$PG_PORT" "$DB_NAME")"
psql_db() { pg_psql "$PG_PORT" -d "$DB_NAME" "$@"; }
say "PostgreSQL 127.0.0.1:$PG_PORT in $PG_BASE (synchronous_commit=$(psql_db -Atc 'show synchronous_commit'), fsync=$(psql_db -Atc 'show fsync'))"

# --- hub environment ------------------------------------------------------------------------------------
export ConnectionStrings__Hub="$CONN"
export Hub__PluginsPath="$PLUGINS"
export Hub__PublicUrl="http://localhost:$HUB_PORT"
export ASPNETCORE_ENVIRONMENT=Development DOTNET_ENVIRONMENT=Development
# The load uses one key: lift the per-key limit (0 would turn it off; a huge limit keeps the code path).
export Hub__RateLimit__Limit=1000000000
# Create phases leave payments pending for ever (a simulator override): no reconciler polling them mid-run.
export Hub__Reconciliation__Enabled=false

say "applying migrations"
dotnet "$HUB_DLL" migrate </dev/null >"$WORK/migrate.log" 2>&1 || { tail -n 30 "$WORK/migrate.log" >&2; die "migrate failed"; }

# --- simulator ------------------------------------------------------------------------------------------
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

# The simulator's QA controls, in one place (the /__sim JSON shapes of simulators/MtnMomo/README.md).
sim_post() { curl -fsS -X POST "$SIM_URL$1" -H 'Content-Type: application/json' -d "$2" >/dev/null; }
sim_delete() { curl -fsS -X DELETE "$SIM_URL$1" >/dev/null; }
sim_pending_forever() { # amount 1500 (as sent, XAF): PENDING for ever, no callback
  sim_post /__sim/overrides '{"match":{"amount":"1500"},"outcome":{"status":"PENDING"}}'; }
sim_slow() { # every request to pay answered normally after $1 s
  sim_post /__sim/faults "{\"path\":\"/collection/v1_0/requesttopay\",\"method\":\"POST\",\"kind\":\"latency\",\"delaySeconds\":$1,\"count\":1000000}"; }
sim_fast() { sim_delete /__sim/faults; }
sim_pending_forever

# --- hub ------------------------------------------------------------------------------------------------
dotnet "$HUB_DLL" --urls "$HUB_URL" </dev/null >"$WORK/hub.log" 2>&1 &
HUB_PID=$!
ready=0
for ((i = 0; i < 240; i++)); do
  kill -0 "$HUB_PID" 2>/dev/null || { tail -n 30 "$WORK/hub.log" >&2; HUB_PID=""; die "the hub exited"; }
  [ "$(curl -s -o /dev/null -w '%{http_code}' "$HUB_URL/health/ready")" = 200 ] && { ready=1; break; }
  sleep 1
done
[ "$ready" = 1 ] || die "the hub did not report /health/ready (log: $WORK/hub.log)"
say "hub on $HUB_URL (pid $HUB_PID, Release, Development environment)"

dotnet "$HUB_DLL" seed-demo --output "$WORK/demo.json" --hub-url "$HUB_URL" --simulator "mtn_momo=$SIM_URL" \
  </dev/null >"$WORK/seed.log" 2>&1 || { tail -n 30 "$WORK/seed.log" >&2; die "seed-demo failed"; }
KEY="$(jq -r '.tenants[0].merchants[0].key' "$WORK/demo.json")"
KEY2="$(jq -r '.tenants[0].merchants[1].key' "$WORK/demo.json")"
[ -n "$KEY" ] && [ "$KEY" != null ] || die "no merchant key in demo.json"

loadgen() { dotnet "$LOADGEN_DLL" "$@" 2>>"$WORK/loadgen.log"; }
hms() { printf '%02d:%02d:%02d' $(($1 / 3600)) $(($1 % 3600 / 60)) $(($1 % 60)); }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
CLK_TCK="$(getconf CLK_TCK)"

# --- what one create writes -----------------------------------------------------------------------------
# A short run with pg_stat_statements reset: statements (round trips) and transactions per create.
say "counting statements and commits of one create (pg_stat_statements, 100 creates at 1 client)"
loadgen hub-create --url "$HUB_URL" --key "$KEY" --clients 1 --seconds 30 --warmup 2 --max 50 >/dev/null
psql_db -qc "select pg_stat_statements_reset()" >/dev/null
xact0="$(psql_db -Atc "select xact_commit from pg_stat_database where datname = current_database()")"
loadgen hub-create --url "$HUB_URL" --key "$KEY" --clients 1 --seconds 30 --warmup 0 --max 100 >"$WORK/statements-run.json"
xact1="$(psql_db -Atc "select xact_commit from pg_stat_database where datname = current_database()")"
STMT_CREATES="$(jq .ok "$WORK/statements-run.json")"
# Statements issued by the hub (our own psql calls excluded), per create.
psql_db -AtF $'\t' -c "select calls, rows, round(total_exec_time::numeric, 2), regexp_replace(query, '\s+', ' ', 'g')
  from pg_stat_statements where dbid = (select oid from pg_database where datname = current_database())
  and query not ilike '%pg_stat%' order by calls desc, total_exec_time desc" >"$WORK/statements.tsv"
STMT_TOTAL="$(awk -F'\t' '{s += $1} END {print s + 0}' "$WORK/statements.tsv")"
STMT_PER_CREATE="$(jq -n "$STMT_TOTAL / ($STMT_CREATES | if . == 0 then 1 else . end) | . * 10 | round / 10")"
# Minus the 2 queries of this measurement itself.
XACT_PER_CREATE="$(jq -n "($xact1 - $xact0 - 1) / ($STMT_CREATES | if . == 0 then 1 else . end) | . * 10 | round / 10")"
say "  $STMT_PER_CREATE statements and $XACT_PER_CREATE committed transactions per create"

# --- baseline: pgbench doing the create's durable work --------------------------------------------------
# bench/pgbench/create.sql writes what one POST /v1/payments writes (payment, status change, event, idempotency
# record), in the hub's schema (migrated above), with the same number of commits.
MERCHANT_UUID="$(psql_db -Atc "select merchant_id from api_keys where merchant_id is not null order by created_at limit 1")"
ACCOUNT_UUID="$(psql_db -Atc "select id from connector_accounts where merchant_id = '$MERCHANT_UUID' limit 1")"
declare -A BASE_TPS
for c in "${CLIENT_POINTS[@]}"; do
  say "baseline: pgbench, $c client(s), ${POINT_SECONDS} s"
  threads=$(( c < 2 ? 1 : 2 ))
  pg_as_postgres "$PGBENCH" -h 127.0.0.1 -p "$PG_PORT" -U postgres -n -M prepared -c "$c" -j "$threads" -T "$POINT_SECONDS" \
    -D "merchant=$MERCHANT_UUID" -D "account=$ACCOUNT_UUID" -D "run=b$c" -f "$BENCH/pgbench/create.sql" "$DB_NAME" \
    >"$WORK/pgbench-$c.log" 2>&1 < /dev/null || { tail -n 20 "$WORK/pgbench-$c.log" >&2; die "pgbench failed"; }
  BASE_TPS[$c]="$(sed -nE 's/^tps = ([0-9]+(\.[0-9])?).*/\1/p' "$WORK/pgbench-$c.log" | head -1)"
  say "  ${BASE_TPS[$c]} payments/s"
done

# --- the MTN simulator alone (the overhead's reference) -------------------------------------------------
say "MTN simulator direct: 1 client, ${POINT_SECONDS} s"
loadgen sim-direct --sim-url "$SIM_URL" --clients 1 --seconds "$POINT_SECONDS" --warmup "$WARMUP_SECONDS" --max "$MAX_REQUESTS" >"$WORK/direct.json"

# --- hub warm-up: steady state, not the JIT ---------------------------------------------------------------
# A fresh hub compiles its hot paths again at tier 1 (with dynamic PGO) for a while after its first load, which would
# land on whichever point came first (the 1-client one, measured at twice its steady CPU). A long-running hub is past
# that: load it, then let the background compiles finish.
say "hub warm-up: 16 clients, ${HUB_WARMUP_SECONDS} s, then ${SETTLE_SECONDS} s idle"
loadgen hub-create --url "$HUB_URL" --key "$KEY" --clients 16 --seconds "$HUB_WARMUP_SECONDS" --warmup 0 \
  --max "$MAX_REQUESTS" >"$WORK/hub-warmup.json"
sleep "$SETTLE_SECONDS"

# --- hub creates at 1, 16, 64 clients -------------------------------------------------------------------
declare -A CPU_MS
for c in "${CLIENT_POINTS[@]}"; do
  say "hub creates: $c client(s), ${POINT_SECONDS} s (+${WARMUP_SECONDS} s warm-up)"
  counters_pid=""
  if [ "$c" = 16 ] && [ -x "$TOOLS/dotnet-counters" ]; then
    # Allocations: System.Runtime's dotnet.gc.heap.total_allocated over the measured seconds.
    ( sleep "$WARMUP_SECONDS"; exec "$TOOLS/dotnet-counters" collect -p "$HUB_PID" --counters System.Runtime \
        --format json -o "$WORK/counters-16.json" --refresh-interval 1 --duration "$(hms "$POINT_SECONDS")" ) \
      >"$WORK/counters.log" 2>&1 &
    counters_pid=$!
  fi
  ( sleep "$WARMUP_SECONDS"; cpu_ticks "$HUB_PID" >"$WORK/cpu-$c.start" ) &
  cpu_pid=$!
  loadgen hub-create --url "$HUB_URL" --key "$KEY" --clients "$c" --seconds "$POINT_SECONDS" --warmup "$WARMUP_SECONDS" \
    --max "$MAX_REQUESTS" >"$WORK/hub-$c.json"
  end_ticks="$(cpu_ticks "$HUB_PID")"
  wait "$cpu_pid" || true
  [ -n "$counters_pid" ] && { wait "$counters_pid" || true; }
  ok="$(jq .ok "$WORK/hub-$c.json")"
  CPU_MS[$c]="$(jq -n "($end_ticks - $(cat "$WORK/cpu-$c.start")) * 1000 / $CLK_TCK / ($ok | if . == 0 then 1 else . end) | . * 100 | round / 100")"
  say "  $(jq -r '"\(.throughput) creates/s, p50 \(.p50) ms, p95 \(.p95) ms, p99 \(.p99) ms, 5xx \(.status5xx), errors \(.errors)"' "$WORK/hub-$c.json"), CPU ${CPU_MS[$c]} ms/payment"
done

# Allocated bytes per create at 16 clients: System.Runtime's allocation rate (bytes per 1 s sample, the first and
# last partial samples dropped) divided by the creates per second of the same window.
ALLOC_PER_REQ=null
if [ -s "$WORK/counters-16.json" ]; then
  alloc_rate="$(jq '[.Events[]? | select(.name | startswith("dotnet.gc.heap.total_allocated")) | .value] | if length > 2 then .[1:-1] else . end | if length > 0 then add / length else 0 end' \
    "$WORK/counters-16.json" 2>/dev/null || echo 0)"
  ALLOC_PER_REQ="$(jq -n "if $alloc_rate > 0 then ($alloc_rate / ($(jq .throughput "$WORK/hub-16.json") | if . == 0 then 1 else . end) | round) else null end")"
fi
say "  allocations at 16 clients: ${ALLOC_PER_REQ} bytes/create"

# --- optional profile at 16 clients ---------------------------------------------------------------------
if [ "$TRACE" = 1 ] && [ -x "$TOOLS/dotnet-trace" ]; then
  TRACE_DIR="$RESULTS/$STAMP-trace"
  mkdir -p "$TRACE_DIR"
  say "profile: dotnet-trace sampled thread time at 16 clients, ${POINT_SECONDS} s -> $TRACE_DIR"
  ( sleep "$WARMUP_SECONDS"; exec "$TOOLS/dotnet-trace" collect -p "$HUB_PID" --profile dotnet-common,dotnet-sampled-thread-time --format Speedscope \
      --duration "00:$(hms "$POINT_SECONDS")" -o "$TRACE_DIR/hub-16.nettrace" ) \
    >"$WORK/trace.log" 2>&1 &
  trace_pid=$!
  psql_db -qc "select pg_stat_statements_reset()" >/dev/null
  loadgen hub-create --url "$HUB_URL" --key "$KEY" --clients 16 --seconds "$((POINT_SECONDS + 3))" --warmup "$WARMUP_SECONDS" \
    --max "$MAX_REQUESTS" >"$TRACE_DIR/hub-16-traced.json"
  wait "$trace_pid" || true
  psql_db -AtF $'\t' -c "select calls, rows, round(total_exec_time::numeric, 2), regexp_replace(query, '\s+', ' ', 'g')
    from pg_stat_statements where dbid = (select oid from pg_database where datname = current_database())
    and query not ilike '%pg_stat%' order by calls desc, total_exec_time desc" >"$TRACE_DIR/statements-16.tsv"
  "$TOOLS/dotnet-trace" report "$TRACE_DIR/hub-16.nettrace" topN -n 60 --inclusive >"$TRACE_DIR/top-inclusive.txt" 2>&1 || true
  "$TOOLS/dotnet-trace" report "$TRACE_DIR/hub-16.nettrace" topN -n 60 >"$TRACE_DIR/top-exclusive.txt" 2>&1 || true
  if command -v python3 >/dev/null 2>&1 && [ -f "$TRACE_DIR/hub-16.speedscope.json" ]; then
    python3 "$BENCH/tools/speedscope-top.py" "$TRACE_DIR/hub-16.speedscope.json" 200 >"$TRACE_DIR/top-managed.txt" 2>&1 || true
  fi
  cp "$WORK/statements.tsv" "$TRACE_DIR/statements.tsv"
  cp "$WORK/trace.log" "$TRACE_DIR/trace.log" 2>/dev/null || true
fi

# --- callback -> webhook --------------------------------------------------------------------------------
say "callback -> webhook: 100 payments settled at once (amount 3000), receiver on 127.0.0.1:$RECV_PORT"
loadgen webhook --url "$HUB_URL" --key "$KEY2" --sim-url "$SIM_URL" --listen-port "$RECV_PORT" --count 100 --rate 10 \
  --amount 3000 --wait 30 >"$WORK/webhook.json"
say "  $(jq -r '"received \(.received)/\(.payments), p50 \(.p50) ms, p99 \(.p99) ms, bad signatures \(.badSignatures)"' "$WORK/webhook.json")"

# --- slow provider --------------------------------------------------------------------------------------
say "slow provider: 64 clients, the simulator answering in ${SLOW_SECONDS} s, ${POINT_SECONDS} s"
pool_errors_before="$(grep -ciE 'pool.*exhaust|exhaust.*pool|timeout.*connection|connection.*timeout' "$WORK/hub.log" || true)"
err_before="$(grep -c ' ERR\]' "$WORK/hub.log" || true)"
sim_slow "$SLOW_SECONDS"
loadgen hub-create --url "$HUB_URL" --key "$KEY" --clients 64 --seconds "$POINT_SECONDS" --warmup 0 --max "$MAX_REQUESTS" >"$WORK/slow.json"
sim_fast
pool_errors_after="$(grep -ciE 'pool.*exhaust|exhaust.*pool|timeout.*connection|connection.*timeout' "$WORK/hub.log" || true)"
POOL_ERRORS=$((pool_errors_after - pool_errors_before))
SLOW_ERR_LINES=$(( $(grep -c ' ERR\]' "$WORK/hub.log" || true) - err_before ))
say "  $(jq -r '"\(.throughput) creates/s, p50 \(.p50) ms, p99 \(.p99) ms, 5xx \(.status5xx), errors \(.errors)"' "$WORK/slow.json"), pool errors in the log: $POOL_ERRORS, ERR lines: $SLOW_ERR_LINES"

# --- soak -----------------------------------------------------------------------------------------------
# Settled-at-once payments (callbacks, events) at a moderate rate; RSS, open handles and threads every 5 s.
say "soak: ${SOAK_SECONDS} s at ${SOAK_RATE} creates/s (8 clients), sampling RSS, fds, threads"
sample() { # time rss_kb fds threads
  printf '%s %s %s %s\n' "$(($(date +%s) - soak_start))" \
    "$(awk '/^VmRSS:/ {print $2}' "/proc/$HUB_PID/status")" "$(ls "/proc/$HUB_PID/fd" | wc -l)" \
    "$(awk '/^Threads:/ {print $2}' "/proc/$HUB_PID/status")"
}
soak_start="$(date +%s)"
( while kill -0 "$HUB_PID" 2>/dev/null; do sample; sleep 5; done ) >"$WORK/soak.samples" &
SAMPLER_PID=$!
loadgen hub-create --url "$HUB_URL" --key "$KEY" --clients 8 --rate "$SOAK_RATE" --amount 3000 --seconds "$SOAK_SECONDS" \
  --warmup 0 --max "$((SOAK_RATE * SOAK_SECONDS + 100))" >"$WORK/soak.json"
sample >>"$WORK/soak.samples"
stop_pid "$SAMPLER_PID"; SAMPLER_PID=""
# Warm-up: the first quarter (at least 10 s); growth compares the last sample with the first one after it.
warm_until=$(( SOAK_SECONDS / 4 > 10 ? SOAK_SECONDS / 4 : 10 ))
read -r RSS0 FD0 THR0 <<<"$(awk -v w="$warm_until" '$1 >= w {print $2, $3, $4; exit}' "$WORK/soak.samples")"
read -r RSS1 FD1 THR1 <<<"$(tail -n 1 "$WORK/soak.samples" | awk '{print $2, $3, $4}')"
RSS_MAX="$(awk -v w="$warm_until" '$1 >= w && $2 > m {m = $2} END {print m + 0}' "$WORK/soak.samples")"
SOAK_GROWTH="$(jq -n "(${RSS1:-0} - ${RSS0:-1}) * 100 / ${RSS0:-1} | . * 10 | round / 10")"
say "  RSS ${RSS0} -> ${RSS1} kB (${SOAK_GROWTH} %, max ${RSS_MAX}), fds ${FD0} -> ${FD1}, threads ${THR0} -> ${THR1}"

# --- figures against targets ----------------------------------------------------------------------------
j() { jq -r "$2" "$WORK/$1"; }
HUB16="$(j hub-16.json .throughput)"
RATIO16="$(jq -n "$HUB16 / ${BASE_TPS[16]} | . * 1000 | round / 1000")"
OVER50="$(jq -n "$(j hub-1.json .p50) - $(j direct.json .p50) | . * 1000 | round / 1000")"
OVER95="$(jq -n "$(j hub-1.json .p95) - $(j direct.json .p95) | . * 1000 | round / 1000")"
OVER99="$(jq -n "$(j hub-1.json .p99) - $(j direct.json .p99) | . * 1000 | round / 1000")"
WH50="$(j webhook.json .p50)" WH99="$(j webhook.json .p99)"
SLOW5XX="$(j slow.json '.status5xx + .errors')"

FAILED=0
declare -a CHECKS=()
check() { # name measured target verdict(0/1)
  local mark=PASS
  if [ "$4" != 1 ]; then mark=MISS; FAILED=1; fi
  CHECKS+=("$1|$2|$3|$mark")
}
check "create throughput at 16 clients vs baseline" "$RATIO16× ($HUB16 / ${BASE_TPS[16]} per s)" "≥ 0.5×" "$(jq -n "if $RATIO16 >= 0.5 then 1 else 0 end")"
check "overhead p50 at 1 client" "$OVER50 ms" "≤ 2 ms" "$(jq -n "if $OVER50 <= 2 then 1 else 0 end")"
check "overhead p99 at 1 client" "$OVER99 ms" "≤ 5 ms" "$(jq -n "if $OVER99 <= 5 then 1 else 0 end")"
check "callback → webhook p50" "$WH50 ms ($(j webhook.json .matched)/$(j webhook.json .payments) matched)" "≤ 50 ms" \
  "$(jq -n "if $WH50 <= 50 and $(j webhook.json .matched) > 0 then 1 else 0 end")"
check "soak RSS growth after warm-up" "$SOAK_GROWTH %" "≤ 10 %" "$(jq -n "if $SOAK_GROWTH <= 10 then 1 else 0 end")"
check "slow provider (64 clients, ${SLOW_SECONDS} s): 5xx + errors, pool errors" "$SLOW5XX, $POOL_ERRORS" "0, 0" \
  "$(jq -n "if $SLOW5XX == 0 and $POOL_ERRORS == 0 then 1 else 0 end")"

# --- report ---------------------------------------------------------------------------------------------
mkdir -p "$RESULTS"
OUT_MD="$RESULTS/$STAMP.md" OUT_JSON="$RESULTS/$STAMP.json"
ELAPSED=$(($(date +%s) - START_EPOCH))
COMMIT="$(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo unknown)"
jq -n \
  --arg date "$(date -u +%Y-%m-%dT%H:%M:%SZ)" --arg commit "$COMMIT" --argjson seconds "$ELAPSED" \
  --argjson point "$POINT_SECONDS" --argjson soakSeconds "$SOAK_SECONDS" \
  --argjson b1 "${BASE_TPS[1]}" --argjson b16 "${BASE_TPS[16]}" --argjson b64 "${BASE_TPS[64]}" \
  --slurpfile h1 "$WORK/hub-1.json" --slurpfile h16 "$WORK/hub-16.json" --slurpfile h64 "$WORK/hub-64.json" \
  --slurpfile direct "$WORK/direct.json" --slurpfile webhook "$WORK/webhook.json" --slurpfile slow "$WORK/slow.json" \
  --slurpfile soak "$WORK/soak.json" \
  --argjson cpu1 "${CPU_MS[1]}" --argjson cpu16 "${CPU_MS[16]}" --argjson cpu64 "${CPU_MS[64]}" \
  --argjson alloc "$ALLOC_PER_REQ" --argjson stmts "$STMT_PER_CREATE" --argjson xacts "$XACT_PER_CREATE" \
  --argjson ratio "$RATIO16" --argjson o50 "$OVER50" --argjson o95 "$OVER95" --argjson o99 "$OVER99" \
  --argjson rss0 "${RSS0:-0}" --argjson rss1 "${RSS1:-0}" --argjson rssMax "$RSS_MAX" --argjson growth "$SOAK_GROWTH" \
  --argjson fd0 "${FD0:-0}" --argjson fd1 "${FD1:-0}" --argjson thr0 "${THR0:-0}" --argjson thr1 "${THR1:-0}" \
  --argjson poolErrors "$POOL_ERRORS" --argjson failed "$FAILED" --arg loadStart "$LOAD_START" --arg loadEnd "$(cut -d' ' -f1-3 /proc/loadavg)" \
  '{date: $date, commit: $commit, seconds: $seconds, pointSeconds: $point, loadAverage: {start: $loadStart, end: $loadEnd},
    baseline: {tps: {"1": $b1, "16": $b16, "64": $b64}},
    perCreate: {statements: $stmts, commits: $xacts, cpuMs: {"1": $cpu1, "16": $cpu16, "64": $cpu64}, allocatedBytesAt16: $alloc},
    hub: {"1": $h1[0], "16": $h16[0], "64": $h64[0]}, direct: $direct[0],
    overheadMs: {p50: $o50, p95: $o95, p99: $o99}, ratioAt16: $ratio,
    webhook: $webhook[0], slowProvider: ($slow[0] + {poolErrors: $poolErrors}),
    soak: ($soak[0] + {seconds: $soakSeconds, rssKb: {afterWarmup: $rss0, end: $rss1, max: $rssMax}, growthPercent: $growth,
      fds: {afterWarmup: $fd0, end: $fd1}, threads: {afterWarmup: $thr0, end: $thr1}}),
    targetsMet: ($failed == 0)}' >"$OUT_JSON"

{
  echo "# Bench $STAMP (commit $COMMIT)"
  echo
  echo "\`bench/run.sh\` on $(nproc) cores, ${POINT_SECONDS} s per point after ${WARMUP_SECONDS} s warm-up, soak ${SOAK_SECONDS} s; whole run ${ELAPSED} s."
  echo "Load average (1/5/15 min) at the start $LOAD_START, at the end $(cut -d' ' -f1-3 /proc/loadavg): the machine is shared, other work competes for the cores."
  echo "PostgreSQL $(psql_db -Atc 'show server_version') with fsync and synchronous_commit on; hub and simulator in Release, Development environment, loopback."
  echo
  echo "## Targets"
  echo
  echo "| Figure | Measured | Target | |"
  echo "|---|---|---|---|"
  for c in "${CHECKS[@]}"; do IFS='|' read -r n m t v <<<"$c"; echo "| $n | $m | $t | $v |"; done
  echo
  echo "## Create throughput and latency (unique Idempotency-Keys, simulator answering at once)"
  echo
  echo "| Clients | Baseline pgbench tx/s | Hub creates/s | Ratio | p50 ms | p95 ms | p99 ms | 5xx | CPU ms / create |"
  echo "|---|---|---|---|---|---|---|---|---|"
  for c in "${CLIENT_POINTS[@]}"; do
    echo "| $c | ${BASE_TPS[$c]} | $(j "hub-$c.json" .throughput) | $(jq -n "$(j "hub-$c.json" .throughput) / ${BASE_TPS[$c]} | . * 1000 | round / 1000") | $(j "hub-$c.json" .p50) | $(j "hub-$c.json" .p95) | $(j "hub-$c.json" .p99) | $(j "hub-$c.json" .status5xx) | ${CPU_MS[$c]} |"
  done
  echo
  echo "Per create: **$STMT_PER_CREATE SQL statements** (round trips, pg_stat_statements) and **$XACT_PER_CREATE committed transactions** (pg_stat_database: read-only autocommit statements and background loops included; 4 of them write, see \`bench/pgbench/create.sql\`);"
  echo "**${ALLOC_PER_REQ} bytes allocated** at 16 clients (System.Runtime \`dotnet.gc.heap.total_allocated\` ÷ creates)."
  echo "The baseline is \`bench/pgbench/create.sql\`: the same rows in the hub's tables and indexes, the same commits."
  echo
  echo "## Overhead at 1 client (request to pay straight to the MTN simulator vs through the hub)"
  echo
  echo "| | p50 ms | p95 ms | p99 ms |"
  echo "|---|---|---|---|"
  echo "| simulator direct | $(j direct.json .p50) | $(j direct.json .p95) | $(j direct.json .p99) |"
  echo "| through the hub | $(j hub-1.json .p50) | $(j hub-1.json .p95) | $(j hub-1.json .p99) |"
  echo "| overhead | $OVER50 | $OVER95 | $OVER99 |"
  echo
  echo "## Callback → webhook"
  echo
  echo "$(j webhook.json .payments) payments at 10/s settled at once; from the simulator's record of its callback (taken when the hub answered it) to the local receiver holding the verified \`payment.paid\`:"
  echo "p50 **$WH50 ms**, p95 $(j webhook.json .p95) ms, p99 **$WH99 ms**, max $(j webhook.json .max) ms ($(j webhook.json .received) received, $(j webhook.json .badSignatures) bad signatures; create → webhook p50 $(j webhook.json .createToWebhookP50) ms)."
  echo
  echo "Hub log over the whole run: $(grep -c ' ERR\]' "$WORK/hub.log" || true) ERR and $(grep -c ' WRN\]' "$WORK/hub.log" || true) WRN lines."
  echo
  echo "## Slow provider (64 clients, simulator answering in ${SLOW_SECONDS} s)"
  echo
  echo "$(j slow.json .requests) creates, $(j slow.json .throughput)/s, p50 $(j slow.json .p50) ms, p99 $(j slow.json .p99) ms; statuses $(j slow.json '.statuses | tostring'), transport errors $(j slow.json .errors), pool errors in the hub log $POOL_ERRORS, hub ERR log lines during the phase $SLOW_ERR_LINES."
  echo
  echo "## Soak (${SOAK_SECONDS} s at ${SOAK_RATE} creates/s, settled at once)"
  echo
  echo "$(j soak.json .requests) creates, statuses $(j soak.json '.statuses | tostring'), p50 $(j soak.json .p50) ms, p99 $(j soak.json .p99) ms."
  echo "After warm-up (${warm_until} s) → end: RSS ${RSS0} → ${RSS1} kB (**${SOAK_GROWTH} %**, max ${RSS_MAX}), open fds ${FD0} → ${FD1}, threads ${THR0} → ${THR1}."
  echo
  echo "<details><summary>Soak samples (s, RSS kB, fds, threads)</summary>"
  echo
  echo '```'
  cat "$WORK/soak.samples"
  echo '```'
  echo "</details>"
} >"$OUT_MD"

echo
echo "==================================================================================================="
for c in "${CHECKS[@]}"; do IFS='|' read -r n m t v <<<"$c"; printf ' %-4s %-58s %-40s target %s\n' "$v" "$n" "$m" "$t"; done
echo "==================================================================================================="
say "results: ${OUT_MD#"$REPO/"} and ${OUT_JSON#"$REPO/"}"
cp "$WORK/statements.tsv" "$RESULTS/$STAMP-statements.tsv"
[ "${BENCH_KEEP:-0}" = 1 ] || OK_TO_REMOVE=1
if [ "$FAILED" = 1 ]; then
  if [ "$NO_FAIL" = 1 ]; then say "some targets missed (--no-fail: exit 0)"; exit 0; fi
  say "some targets missed"; exit 1
fi
