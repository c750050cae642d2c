#!/usr/bin/env bash
# Builds (Release) and runs the connector hub locally: a private PostgreSQL 15 cluster (or yours), migrations,
# the provider simulators, the hub with every connector plug-in, and demo data (.hub/demo.json).
# Ctrl-C stops everything. A second run reuses the same cluster and demo keys.
#
#   ./run.sh [--no-build] [--database "<Npgsql connection string>"]
#
# Environment:
#   HUB_DATABASE        Npgsql connection string of your own PostgreSQL (same as --database; no private cluster)
#   HUB_PORT            hub HTTP port (5080)
#   HUB_PG_PORT         private cluster port (5433; a free one is picked if busy and remembered in .hub/pg/port)
#   SIM_MTN_MOMO_PORT (5101) SIM_ORANGE_MONEY_PORT (5102) SIM_AIRTEL_MONEY_PORT (5103)
#   SIM_IREMBOPAY_PORT (5104) SIM_PIX_PORT (5105) SIM_CARD_PORT (5106)   simulator ports
#   HUB_READY_TIMEOUT   seconds to wait for /health/ready (240)
#
# Files: .hub/logs/{build,migrate,seed,simulators,hub}.log, .hub/demo.json, .hub/pg/ (cluster; see scripts/README.md)
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$REPO"
# shellcheck source=scripts/pg.sh
. "$REPO/scripts/pg.sh"

usage() { sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; }

BUILD=1
DATABASE="${HUB_DATABASE:-}"
DATABASE_FROM="HUB_DATABASE"
while [ $# -gt 0 ]; do
  case "$1" in
    --no-build) BUILD=0 ;;
    --database) [ $# -ge 2 ] || { echo "run.sh: --database needs a connection string" >&2; exit 2; }
                DATABASE="$2"; DATABASE_FROM="--database"; shift ;;
    --database=*) DATABASE="${1#--database=}"; DATABASE_FROM="--database" ;;
    -h|--help) usage; exit 0 ;;
    *) echo "run.sh: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
  esac
  shift
done

if [ -z "${HOME:-}" ]; then HOME="$(getent passwd "$(id -u)" | cut -d: -f6)"; export HOME; fi
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

HUB_PORT="${HUB_PORT:-5080}"
HUB_DIR="$REPO/.hub"
LOGS="$HUB_DIR/logs"
DEMO_JSON="$HUB_DIR/demo.json"
HUB_DLL="$REPO/src/Hub/bin/Release/net10.0/Hub.dll"
SIM_DLL="$REPO/simulators/Host/bin/Release/net10.0/Simulators.Host.dll"
PLUGINS="$REPO/artifacts/plugins"
DB_NAME="connector_hub"
# name:default port, from the one table simulators/ports.tsv (the host reads it too); SIM_<NAME>_PORT overrides.
SIMULATORS=()
while read -r sim_id sim_port _; do
  case "$sim_id" in ''|'#'*) continue ;; esac
  SIMULATORS+=("$sim_id:$sim_port")
done <"$REPO/simulators/ports.tsv"

mkdir -p "$LOGS" "$HUB_DIR/pg"

if [ -t 1 ]; then say() { printf '\033[1m[run]\033[0m %s\n' "$*"; }; else say() { printf '[run] %s\n' "$*"; }; fi
die() { printf '[run] ERROR: %s\n' "$*" >&2; exit 1; }

# One run.sh per checkout: a second one would share (and then stop) the first one's cluster. (A pid file, not
# flock: a lock descriptor would be inherited by the postmaster and outlive a killed run.sh.)
if [ -f "$HUB_DIR/run.pid" ]; then
  other="$(cat "$HUB_DIR/run.pid" 2>/dev/null || true)"
  if [ -n "$other" ] && [ "$other" != $$ ] && tr '\0' ' ' <"/proc/$other/cmdline" 2>/dev/null | grep -q 'run\.sh'; then
    die "another ./run.sh (pid $other) is already running in this checkout"
  fi
fi
echo $$ >"$HUB_DIR/run.pid"

# --- cleanup --------------------------------------------------------------------------------------------
HUB_PID="" SIM_PID="" PG_BASE="" CLEANED=0
stop_pid() {
  local pid="$1" name="$2" i
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 150; i++)); do kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null || true; return 0; }; sleep 0.1; done
  say "$name did not stop in 15 s; killing it"
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}
cleanup() {
  [ "$CLEANED" = 1 ] && return 0
  CLEANED=1
  trap '' INT TERM
  echo
  [ "$(cat "$HUB_DIR/run.pid" 2>/dev/null)" = $$ ] && rm -f "$HUB_DIR/run.pid"
  [ -n "$HUB_PID" ] && { say "stopping the hub"; stop_pid "$HUB_PID" hub; }
  [ -n "$SIM_PID" ] && { say "stopping the simulators"; stop_pid "$SIM_PID" simulators; }
  if [ -n "$PG_BASE" ]; then say "stopping PostgreSQL (pg_ctl stop -m fast)"; pg_stop "$PG_BASE" || true; fi
  if [ -n "$PG_BASE$HUB_PID" ]; then say "stopped. Data kept; ./run.sh starts again with the same demo keys."; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- minimal HTTP without curl --------------------------------------------------------------------------
# Prints the status code of GET http://127.0.0.1:<port><path> ("000" when nothing answers).
http_status() {
  local port="$1" path="$2"
  (
    exec 3<>"/dev/tcp/127.0.0.1/$port" || exit 1
    printf 'GET %s HTTP/1.1\r\nHost: 127.0.0.1:%s\r\nConnection: close\r\n\r\n' "$path" "$port" >&3
    IFS=' ' read -r -t 10 _ code _ <&3 || exit 1
    echo "$code"
  ) 2>/dev/null || echo 000
}

sim_port() { # sim_port mtn_momo -> 5101 (or $SIM_MTN_MOMO_PORT)
  local name="$1" entry var
  for entry in "${SIMULATORS[@]}"; do
    if [ "${entry%%:*}" = "$name" ]; then
      var="SIM_$(echo "$name" | tr '[:lower:]' '[:upper:]')_PORT"
      echo "${!var:-${entry#*:}}"
      return
    fi
  done
}

# --- ports free? ----------------------------------------------------------------------------------------
port_in_use "$HUB_PORT" && die "port $HUB_PORT (hub) is in use: stop what listens there or set HUB_PORT"
for entry in "${SIMULATORS[@]}"; do
  name="${entry%%:*}"; p="$(sim_port "$name")"
  port_in_use "$p" && die "port $p (simulator $name) is in use: stop what listens there or set SIM_$(echo "$name" | tr '[:lower:]' '[:upper:]')_PORT"
done

# --- build ----------------------------------------------------------------------------------------------
# Everything but the tests: a solution filter of Connectors.sln without tests/ and bench/, plus any connector
# project that is not in the solution (so no plug-in is forgotten).
build() {
  local list slnf projects=() p
  slnf="$HUB_DIR/run.slnf"
  if list="$(dotnet sln Connectors.sln list 2>/dev/null)"; then
    while IFS= read -r p; do
      p="${p//\\//}"
      case "$p" in *.csproj) ;; *) continue ;; esac
      case "$p" in tests/*|bench/*|*.Tests.csproj|*Tests/*) continue ;; esac
      projects+=("$p")
    done <<<"$list"
  fi
  if [ "${#projects[@]}" -gt 0 ]; then
    {
      printf '{\n  "solution": {\n    "path": "../Connectors.sln",\n    "projects": [\n'
      local i
      for i in "${!projects[@]}"; do
        printf '      "%s"%s\n' "${projects[$i]//\//\\\\}" "$([ "$i" -lt $((${#projects[@]} - 1)) ] && echo ,)"
      done
      printf '    ]\n  }\n}\n'
    } >"$slnf"
    say "building (Release): ${projects[*]}"
    dotnet build "$slnf" -c Release -nologo -v minimal || return 1
  else
    say "building Connectors.sln (Release)"
    dotnet build Connectors.sln -c Release -nologo -v minimal || return 1
  fi
  for p in connectors/*/*.csproj simulators/Host/*.csproj src/Hub/*.csproj; do
    [ -f "$p" ] || continue
    if ! printf '%s\n' "${projects[@]}" | grep -qxF "$p"; then
      say "building $p (not in Connectors.sln)"
      dotnet build "$p" -c Release -nologo -v minimal || return 1
    fi
  done
}
if [ "$BUILD" = 1 ]; then
  # pipefail: the pipeline fails when build does.
  if ! build 2>&1 | tee "$LOGS/build.log"; then die "build failed (log: .hub/logs/build.log)"; fi
fi
[ -f "$HUB_DLL" ] || die "$HUB_DLL not found: build first (./run.sh without --no-build)"
if [ -d "$PLUGINS" ]; then
  plugins="$(cd "$PLUGINS" && ls -d -- */ 2>/dev/null | tr -d / | tr '\n' ' ' || true)"
  say "plug-ins in artifacts/plugins: ${plugins:-(none)}"
else
  say "warning: no plug-in folder $PLUGINS (the hub will start without connectors)"
fi

# --- database -------------------------------------------------------------------------------------------
choose_pg_base() {
  local in_repo="$HUB_DIR/pg/cluster" fallback
  fallback="/var/lib/postgresql/connector-hub/$(printf '%s' "$REPO" | sha256sum | cut -c1-16)"
  if [ -f "$in_repo/data/PG_VERSION" ]; then echo "$in_repo"; return; fi
  if pg_is_root && [ -f "$fallback/data/PG_VERSION" ]; then echo "$fallback"; return; fi
  if pg_user_can_use "$in_repo"; then echo "$in_repo"; return; fi
  rmdir "$in_repo" 2>/dev/null || true
  # As root in a checkout the postgres user cannot enter (e.g. under /root): a stable per-checkout directory.
  mkdir -p "$(dirname "$fallback")"
  chown postgres: "$(dirname "$fallback")"
  echo "$fallback"
}

if [ -n "$DATABASE" ]; then
  CONN="$DATABASE"
  say "database: your PostgreSQL from $DATABASE_FROM ($(sed -E 's/(Password|Pwd)=[^;]*/\1=***/Ig' <<<"$CONN"))"
else
  ensure_pg_installed || die "PostgreSQL server is not installed (see scripts/README.md)"
  PG_BASE="$(choose_pg_base)"
  echo "$PG_BASE" >"$HUB_DIR/pg/location"
  if [ "$PG_BASE" != "$HUB_DIR/pg/cluster" ]; then
    say "the postgres user cannot enter $REPO; the private cluster lives in $PG_BASE"
  fi
  if pg_is_running "$PG_BASE"; then
    PG_PORT="$(pg_running_port "$PG_BASE")"
  else
    PG_PORT="${HUB_PG_PORT:-$(cat "$HUB_DIR/pg/port" 2>/dev/null || echo 5433)}"
    if port_in_use "$PG_PORT"; then
      wanted="$PG_PORT"
      PG_PORT="$(pick_free_port $((wanted + 1)) $((wanted + 200)))" || die "no free port for PostgreSQL"
      say "port $wanted is busy; the private PostgreSQL uses $PG_PORT (remembered in .hub/pg/port)"
    fi
  fi
  pg_init "$PG_BASE" "$PG_PORT"
  pg_start "$PG_BASE" "$PG_PORT" || die "PostgreSQL did not start (log: $PG_BASE/postgres.log)"
  echo "$PG_PORT" >"$HUB_DIR/pg/port"
  if [ "$(pg_psql "$PG_PORT" -d postgres -Atc "select 1 from pg_database where datname = '$DB_NAME'")" != 1 ]; then
    pg_psql "$PG_PORT" -d postgres -qc "create database $DB_NAME" || die "could not create database $DB_NAME"
  fi
  CONN="$(pg_conn_string "$PG_PORT" "$DB_NAME")"
  say "database: private PostgreSQL at 127.0.0.1:$PG_PORT ($PG_BASE, log $PG_BASE/postgres.log)"
fi

export ConnectionStrings__Hub="$CONN"
export Hub__PluginsPath="$PLUGINS"
export Hub__PublicUrl="http://localhost:$HUB_PORT"
export ASPNETCORE_ENVIRONMENT=Development DOTNET_ENVIRONMENT=Development
# The Data Protection key ring is encrypted with a certificate kept outside the database (production requires one):
# a development one, made once under .hub/.
DP_CERT="$HUB_DIR/dataprotection.pfx"
if [ ! -f "$DP_CERT" ] || [ ! -f "$HUB_DIR/dataprotection.password" ]; then
  if command -v openssl >/dev/null 2>&1; then
    say "making a development Data Protection certificate (.hub/dataprotection.pfx)"
    (umask 077
     openssl rand -hex 24 >"$HUB_DIR/dataprotection.password"
     openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=connector-hub development data protection" \
       -keyout "$HUB_DIR/dataprotection.key" -out "$HUB_DIR/dataprotection.crt" >/dev/null 2>&1
     openssl pkcs12 -export -inkey "$HUB_DIR/dataprotection.key" -in "$HUB_DIR/dataprotection.crt" \
       -passout "file:$HUB_DIR/dataprotection.password" -out "$DP_CERT" >/dev/null 2>&1
     rm -f "$HUB_DIR/dataprotection.key")
  else
    say "openssl not found: the development key ring stays unencrypted"
  fi
fi
if [ -f "$DP_CERT" ] && [ -f "$HUB_DIR/dataprotection.password" ]; then
  export Hub__DataProtection__CertificatePath="$DP_CERT"
  Hub__DataProtection__CertificatePassword="$(cat "$HUB_DIR/dataprotection.password")"
  export Hub__DataProtection__CertificatePassword
fi

# --- migrations -----------------------------------------------------------------------------------------
say "applying migrations"
dotnet "$HUB_DLL" migrate </dev/null >"$LOGS/migrate.log" 2>&1 || {
  tail -n 40 "$LOGS/migrate.log" >&2; die "migrations failed (log: .hub/logs/migrate.log)"; }

# --- simulators -----------------------------------------------------------------------------------------
rotate() { [ -f "$1" ] && mv -f "$1" "$1.1" || true; }
SIM_ARGS=()
if [ -f "$SIM_DLL" ]; then
  for entry in "${SIMULATORS[@]}"; do
    name="${entry%%:*}"
    export "Simulators__${name}__Port=$(sim_port "$name")"
  done
  rotate "$LOGS/simulators.log"
  say "starting the simulators (log: .hub/logs/simulators.log)"
  dotnet "$SIM_DLL" </dev/null >"$LOGS/simulators.log" 2>&1 &
  SIM_PID=$!
  for ((i = 0; i < 120; i++)); do
    kill -0 "$SIM_PID" 2>/dev/null || { tail -n 40 "$LOGS/simulators.log" >&2; SIM_PID=""; die "the simulator host exited"; }
    grep -q "simulators ready" "$LOGS/simulators.log" 2>/dev/null && break
    sleep 0.5
  done
  grep -q "simulators ready" "$LOGS/simulators.log" || say "warning: no 'simulators ready' in the log after 60 s; going on"
  for entry in "${SIMULATORS[@]}"; do
    name="${entry%%:*}"; p="$(sim_port "$name")"
    if port_in_use "$p"; then
      SIM_ARGS+=(--simulator "$name=http://127.0.0.1:$p")
      export "Hub__PluginTestEndpoints__${name}=http://127.0.0.1:$p" # the activation smoke asks it a status
    fi
  done
  say "simulators up: ${SIM_ARGS[*]:-none}"
else
  say "warning: $SIM_DLL not found; running without simulators"
fi

# --- hub ------------------------------------------------------------------------------------------------
rotate "$LOGS/hub.log"
say "starting the hub on http://127.0.0.1:$HUB_PORT (log: .hub/logs/hub.log)"
dotnet "$HUB_DLL" --urls "http://127.0.0.1:$HUB_PORT" </dev/null >"$LOGS/hub.log" 2>&1 &
HUB_PID=$!
ready=0
for ((i = 0; i < ${HUB_READY_TIMEOUT:-240}; i++)); do
  kill -0 "$HUB_PID" 2>/dev/null || { tail -n 40 "$LOGS/hub.log" >&2; HUB_PID=""; die "the hub exited (log: .hub/logs/hub.log)"; }
  if [ "$(http_status "$HUB_PORT" /health/ready)" = 200 ]; then ready=1; break; fi
  sleep 1
done
if [ "$ready" != 1 ]; then
  tail -n 40 "$LOGS/hub.log" >&2
  die "the hub did not report /health/ready within ${HUB_READY_TIMEOUT:-240} s (log: .hub/logs/hub.log)"
fi
say "hub ready: http://127.0.0.1:$HUB_PORT/health/ready"

# --- demo data ------------------------------------------------------------------------------------------
say "seeding demo data into .hub/demo.json"
# MTN serves Rwanda too: the demo merchants get a second MTN account in its Rwanda environment (RWF).
EXTRA_ARGS=()
mtn_port="$(sim_port mtn_momo)"
if port_in_use "$mtn_port"; then EXTRA_ARGS+=(--extra-account "mtn_momo=http://127.0.0.1:$mtn_port;targetEnvironment=mtnrwanda"); fi
if ! dotnet "$HUB_DLL" seed-demo --output "$DEMO_JSON" --hub-url "http://127.0.0.1:$HUB_PORT" "${SIM_ARGS[@]}" "${EXTRA_ARGS[@]}" \
    </dev/null >"$LOGS/seed.log" 2>&1; then
  tail -n 40 "$LOGS/seed.log" >&2
  die "seed-demo failed (log: .hub/logs/seed.log)"
fi
[ -f "$DEMO_JSON" ] || die "seed-demo did not write $DEMO_JSON (log: .hub/logs/seed.log)"
chmod 600 "$DEMO_JSON" 2>/dev/null || true

# First merchant of the first tenant, read from the known shape without jq.
json="$(tr -d '\r\n' <"$DEMO_JSON")"
# Some providers take the callback URL from their portal, not from each request (one URL per app or merchant id):
# tell those simulators the Demo Shop's. portal_url <connector> <control path> <JSON before "callbackUrl">
portal_url() {
  local re port
  re="\"connectorAccounts\"[[:space:]]*:[[:space:]]*\\{[^}]*\"$1\"[[:space:]]*:[[:space:]]*\"(ca_[^\"]*)\""
  port="$(sim_port "$1" 2>/dev/null)" || return 0
  if [[ $json =~ $re ]] && port_in_use "$port"; then
    curl -fsS -X POST "http://127.0.0.1:$port$2" -H 'Content-Type: application/json' \
      -d "{$3\"callbackUrl\":\"http://127.0.0.1:$HUB_PORT/v1/callbacks/$1/${BASH_REMATCH[1]}\"}" >/dev/null 2>&1 \
      || say "warning: could not tell the $1 simulator where the Demo Shop's callbacks go"
  fi
}
portal_url irembopay /__sim/merchants '"secretKey":"sk_sandbox_irembopay_demo_0001",'
portal_url airtel_money /__sim/portal ''
portal_url card /__sim/merchants '"merchantId":"4f6a1c2e-8b3d-4e5f-9a7b-1c2d3e4f5a6b",'
re_merchant='"merchants"[[:space:]]*:[[:space:]]*\[[[:space:]]*\{([^}]*)\}'
re_key='"key"[[:space:]]*:[[:space:]]*"([^"]*)"'
re_name='"name"[[:space:]]*:[[:space:]]*"([^"]*)"'
KEY="" MERCHANT=""
if [[ $json =~ $re_merchant ]]; then
  merchant="${BASH_REMATCH[1]}"
  [[ $merchant =~ $re_key ]] && KEY="${BASH_REMATCH[1]}"
  [[ $merchant =~ $re_name ]] && MERCHANT="${BASH_REMATCH[1]}"
fi

echo
echo "==================================================================================================="
echo " Connector hub is running: http://127.0.0.1:$HUB_PORT   (Ctrl-C stops the hub, simulators and database)"
echo "==================================================================================================="
echo " Demo data (.hub/demo.json):"
sed 's/^/   /' "$DEMO_JSON"
echo
if [ -n "$KEY" ]; then
  echo " Merchant key (${MERCHANT:-demo merchant}): $KEY"
  echo
  echo " Try a payment:"
  echo
  cat <<EOF
KEY='$KEY'
curl -s http://127.0.0.1:$HUB_PORT/v1/payments -H "Authorization: Bearer \$KEY" -H "Idempotency-Key: \$(cat /proc/sys/kernel/random/uuid)" -H "Content-Type: application/json" -d '{"amount":1002,"currency":"XAF","method":"mobile_money","payer":{"phone":"+237 6 71 23 45 67"},"description":"Order 123"}'
EOF
  echo
  echo " Or a hosted checkout page (open the reply's \"url\" in a browser; it returns to returnUrl once paid):"
  echo
  cat <<EOF
curl -s http://127.0.0.1:$HUB_PORT/v1/checkout-sessions -H "Authorization: Bearer \$KEY" -H "Idempotency-Key: \$(cat /proc/sys/kernel/random/uuid)" -H "Content-Type: application/json" -d '{"amount":1002,"currency":"XAF","returnUrl":"https://shop.example/return?order=123","description":"Order 123"}'
EOF
else
  say "warning: could not find a merchant key in .hub/demo.json"
fi
re_operator='"operatorKey"[[:space:]]*:[[:space:]]*"([^"]*)"'
if [[ $json =~ $re_operator ]]; then
  echo
  echo " Plug-ins hot-load: add, replace or remove a folder in artifacts/plugins and the hub follows within ~10 s"
  echo " (after each plug-in's activation smoke against its simulator); or now, with the operator key:"
  echo
  echo "curl -s -X POST http://127.0.0.1:$HUB_PORT/v1/admin/plugins/reload -H 'Authorization: Bearer ${BASH_REMATCH[1]}'"
fi
echo
echo " Logs: .hub/logs/hub.log, .hub/logs/simulators.log (tail -f .hub/logs/hub.log)"
echo "==================================================================================================="

# --- wait -----------------------------------------------------------------------------------------------
pids=("$HUB_PID"); [ -n "$SIM_PID" ] && pids+=("$SIM_PID")
set +e
wait -n "${pids[@]}"
set -e
if ! kill -0 "$HUB_PID" 2>/dev/null; then
  HUB_PID=""; tail -n 20 "$LOGS/hub.log" >&2; die "the hub stopped (log: .hub/logs/hub.log)"
fi
SIM_PID=""; tail -n 20 "$LOGS/simulators.log" >&2; die "the simulator host stopped (log: .hub/logs/simulators.log)"
