# bench/faults.sh's scenarios (sourced after faults-lib.sh). Keys are "<scenario>-<pid>-<n>": unique to the run.

new_keys() { local i; for ((i = 1; i <= $2; i++)); do echo "$1-$$-$i"; done; }

# wait_for_acks FILE COUNT PID: until FILE has COUNT 201 replies or the sender PID ends.
wait_for_acks() {
  while kill -0 "$3" 2>/dev/null && [ "$(awk '$2 == 201' "$1" 2>/dev/null | wc -l)" -lt "$2" ]; do sleep 0.2; done
}

# (a) kill -9 of the hub during N concurrent creates, restart, re-send every request with its key.
scenario_kill() {
  local label="$1" url="$2" n="$3" conn="${4:-$CONN}" keys="$WORK/$1.keys" sender acked
  say "($label) kill -9 of the hub during $n concurrent creates ($CLIENTS at a time), restart, re-send every key"
  new_keys "$label" "$n" >"$keys"
  send_keys "$url" 1500 "$CLIENTS" <"$keys" >"$WORK/$label.first" &
  sender=$!
  wait_for_acks "$WORK/$label.first" "$(( n / 3 ))" "$sender"
  acked="$(awk '$2 == 201' "$WORK/$label.first" | wc -l)"
  kill_hub hub1
  say "  killed the hub after $acked acknowledged creates"
  wait "$sender" || true
  say "  first pass: $(awk '{print $2}' "$WORK/$label.first" | sort | uniq -c | awk '{printf "%s×%s ", $2, $1}')"
  start_hub hub1 "${url##*:}" "$conn"
  resend_until_final "$url" 1500 "$keys" "$WORK/$label.final"
  check_keys "$label" "$keys" "$WORK/$label.first" "$WORK/$label.final" "$label-$$-"
}

# (b) two hub instances racing the same keys: each key sent to both at once.
scenario_race() {
  local label="$1" url1="$2" url2="$3" n="$4" conn="$5" keys="$WORK/$1.keys" mixed ids_split
  say "($label) two hub instances racing the same $n keys"
  start_hub hub2 "${url2##*:}" "$conn"
  new_keys "$label" "$n" >"$keys"
  awk -v a="$url1" -v b="$url2" '{print $1, a; print $1, b}' "$keys" \
    | xargs -P "$CLIENTS" -n 2 bash -c 'send_one "$1" "$2" 1500' _ >"$WORK/$label.first"
  say "  both hubs: $(awk '{print $2}' "$WORK/$label.first" | sort | uniq -c | awk '{printf "%s×%s ", $2, $1}')"
  mixed="$(awk '$2 != 201 && !($2 == 409 && $3 == "IDEMPOTENCY_KEY_IN_USE")' "$WORK/$label.first" | wc -l)"
  check "$label clean replies" "$(is "$mixed" 0)" "$mixed replies neither 201 nor 409 IDEMPOTENCY_KEY_IN_USE"
  ids_split="$(awk '$2 == 201 {print $1, $3}' "$WORK/$label.first" | sort -u | awk '{print $1}' | uniq -d | wc -l)"
  check "$label same payment from both" "$(is "$ids_split" 0)" "$ids_split keys answered with two different payments"
  resend_until_final "$url2" 1500 "$keys" "$WORK/$label.final"
  check_keys "$label" "$keys" "$WORK/$label.first" "$WORK/$label.final" "$label-$$-"
  stop_hub hub2
}

# (c) PostgreSQL restarted under load: clean 5xx problems meanwhile, ready goes unhealthy then healthy, nothing lost.
scenario_pg_restart() {
  local label="$1" n=300 keys="$WORK/$1.keys" sender poller bad down back i
  say "($label) PostgreSQL restarted during $n creates"
  new_keys "$label" "$n" >"$keys"
  ( while :; do printf '%s\n' "$(curl -s -o /dev/null -m 5 -w '%{http_code}' "$HUB1/health/ready")"; sleep 0.3; done ) >"$WORK/$label.ready" &
  poller=$!
  send_keys "$HUB1" 1500 16 <"$keys" >"$WORK/$label.first" &
  sender=$!
  wait_for_acks "$WORK/$label.first" "$(( n / 3 ))" "$sender"
  pg_stop "$PG_BASE" >/dev/null 2>&1 || true
  say "  PostgreSQL stopped after $(awk '$2 == 201' "$WORK/$label.first" | wc -l) acknowledged creates"
  sleep 3
  pg_start "$PG_BASE" "$PG_PORT" >/dev/null 2>&1 || die "PostgreSQL did not restart"
  wait "$sender" || true
  back=0
  for ((i = 0; i < 120; i++)); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "$HUB1/health/ready")" = 200 ] && { back=1; break; }
    sleep 0.5
  done
  sleep 1
  stop_pid "$poller"
  say "  during the outage: $(awk '{print $2 "/" ($2 == 201 ? "ok" : $3)}' "$WORK/$label.first" | sort | uniq -c | awk '{printf "%s×%s ", $2, $1}')"
  bad="$(awk '$2 != 201 && !($2 >= 500 && $5 ~ /problem\+json/) && !($2 == 409 && $3 == "IDEMPOTENCY_KEY_IN_USE")' "$WORK/$label.first" | wc -l)"
  check "$label clean failures" "$(is "$bad" 0)" "$bad replies neither 201, nor a 5xx problem, nor 409 IDEMPOTENCY_KEY_IN_USE"
  down="$(grep -vc '^200$' "$WORK/$label.ready" || true)"
  check "$label readiness" "$([ "$down" -gt 0 ] && [ "$back" = 1 ] && echo 1 || echo 0)" \
    "/health/ready not 200 in $down of $(wc -l <"$WORK/$label.ready") polls, 200 again: $([ "$back" = 1 ] && echo yes || echo no)"
  resend_until_final "$HUB1" 1500 "$keys" "$WORK/$label.final"
  check_keys "$label" "$keys" "$WORK/$label.first" "$WORK/$label.final" "$label-$$-"
}

# (d) the provider answering 5xx (the account's circuit opens, callers fail fast), then hanging (unknown outcomes,
# reconciled by a sync, never re-sent).
scenario_provider() {
  local label="$1" keys="$WORK/$1.keys" before after codes slow fast_open id status paid=0 posts
  say "($label) MTN answering 503 to every call (token, request to pay, status): 20 creates one after the other"
  new_keys "$label-5xx" 20 >"$keys"
  sim_post /__sim/faults '{"path":"*","kind":"503","count":100000}'
  head -n 15 "$keys" | send_keys "$HUB1" 1500 1 >"$WORK/$label.5xx"
  before="$(sim_provider_call_count)"
  tail -n 5 "$keys" | send_keys "$HUB1" 1500 1 >>"$WORK/$label.5xx"
  after="$(sim_provider_call_count)"
  sim_delete /__sim/faults
  codes="$(awk '{print $2 "/" ($2 == 201 ? $4 : $3)}' "$WORK/$label.5xx" | sort | uniq -c | awk '{printf "%s×%s ", $2, $1}')"
  say "  replies: $codes; provider calls during the last 5: $((after - before))"
  # A clear outcome: a PROVIDER_* problem, or the payment itself when MTN may have taken it (unknown: processing) or
  # refused it (failed); never an internal error.
  slow="$(awk '!(($2 >= 500 && $5 ~ /problem\+json/ && ($3 == "PROVIDER_ERROR" || $3 == "PROVIDER_UNAVAILABLE")) || ($2 == 201 && ($4 == "processing" || $4 == "failed")))' "$WORK/$label.5xx" | wc -l)"
  check "$label-5xx clear outcomes" "$(is "$slow" 0)" "$slow replies neither a PROVIDER_ERROR/PROVIDER_UNAVAILABLE problem nor a processing/failed payment"
  fast_open="$(tail -n 5 "$WORK/$label.5xx" | awk '$3 == "PROVIDER_UNAVAILABLE" && $6 < 1.0' | wc -l)"
  check "$label-5xx circuit open" "$([ "$fast_open" = 5 ] && [ $((after - before)) = 0 ] && echo 1 || echo 0)" \
    "the last 5 answered PROVIDER_UNAVAILABLE in under 1 s: $fast_open/5; provider calls they made: $((after - before))"
  say "  waiting 16 s for the circuit to close (break 15 s)"
  sleep 16

  say "($label) MTN taking each request to pay and never answering: 5 creates (attempt timeout 3 s)"
  new_keys "$label-hang" 5 >"$keys"
  before="$(sim_request_to_pay_count)"
  sim_post /__sim/faults '{"path":"/collection/v1_0/requesttopay","method":"POST","kind":"timeout","delaySeconds":600,"commitThenFail":true,"count":5}'
  send_keys "$HUB1" 1002 5 <"$keys" >"$WORK/$label.hang"
  sim_delete /__sim/faults
  say "  replies: $(awk '{print $2 "/" $4}' "$WORK/$label.hang" | sort | uniq -c | awk '{printf "%s×%s ", $2, $1}')"
  sim_post /__sim/clock/advance '{"seconds":5}' # 1002 XAF: MTN pays it 2 s after it took it
  for id in $(awk '$3 ~ /^pay_/ {print $3}' "$WORK/$label.hang"); do
    status="$(curl -s -X POST "$HUB1/v1/payments/$id/sync" -H "Authorization: Bearer $FAULTS_KEY" | jq -r '.status // "-"')"
    [ "$status" = paid ] && paid=$((paid + 1))
  done
  posts="$(( $(sim_request_to_pay_count) - before ))"
  check "$label-hang recorded" "$(is "$(awk '$3 ~ /^pay_/' "$WORK/$label.hang" | wc -l)" 5)" \
    "$(awk '$3 ~ /^pay_/' "$WORK/$label.hang" | wc -l) of 5 unknown outcomes answered with their payment"
  check "$label-hang never re-sent" "$(is "$posts" 5)" "MTN received $posts requests to pay for 5 payments (the retries and the sync included)"
  check "$label-hang reconciled" "$(is "$paid" 5)" "$paid of 5 paid after a sync (MTN had taken them)"
}

# PgBouncer (Debian's package), installed with apt when missing and this runs as root.
PGBOUNCER_WHY=""
ensure_pgbouncer() {
  command -v pgbouncer >/dev/null 2>&1 && return 0
  if [ "$(id -u)" -ne 0 ]; then PGBOUNCER_WHY="not root, cannot apt-get install pgbouncer"; return 1; fi
  say "installing pgbouncer with apt"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q pgbouncer >"$WORK/apt.log" 2>&1 \
    || { apt-get update -q >>"$WORK/apt.log" 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q pgbouncer >>"$WORK/apt.log" 2>&1; } \
    || { PGBOUNCER_WHY="apt-get install pgbouncer failed: $(tail -n 1 "$WORK/apt.log")"; return 1; }
  # Debian starts its own instance on 6432: ours is separate.
  command -v systemctl >/dev/null 2>&1 && systemctl stop pgbouncer >/dev/null 2>&1 || true
  command -v pgbouncer >/dev/null 2>&1 || { PGBOUNCER_WHY="pgbouncer not on PATH after install"; return 1; }
}

start_pgbouncer() {
  local dir="$WORK/pgbouncer" i
  mkdir -p "$dir"
  cat >"$dir/pgbouncer.ini" <<EOF
[databases]
$DB_NAME = host=127.0.0.1 port=$PG_PORT dbname=$DB_NAME user=postgres
[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $BOUNCER_PORT
unix_socket_dir =
auth_type = trust
auth_file = $dir/userlist.txt
pool_mode = transaction
max_client_conn = 1000
default_pool_size = 40
ignore_startup_parameters = extra_float_digits
logfile = $dir/pgbouncer.log
pidfile = $dir/pgbouncer.pid
EOF
  echo '"postgres" ""' >"$dir/userlist.txt"
  [ "$(id -u)" -eq 0 ] && chown -R postgres "$dir"
  pg_as_postgres pgbouncer "$dir/pgbouncer.ini" >>"$dir/stdout.log" 2>&1 &
  BOUNCER_PID=$!
  for ((i = 0; i < 50; i++)); do port_in_use "$BOUNCER_PORT" && { say "PgBouncer (transaction mode) on :$BOUNCER_PORT"; return 0; }; sleep 0.2; done
  cat "$dir/stdout.log" "$dir/pgbouncer.log" >&2 2>/dev/null || true
  die "PgBouncer did not start"
}
