# bench/faults.sh's helpers (sourced): reporting, processes, the simulator's controls, sending creates, the checks
# every scenario shares. Needs WORK, SIM_URL, HUB_DLL, CLIENTS, START_EPOCH, psql_db and FAULTS_KEY from faults.sh.

PASSED=0 FAILED=0
say() { printf '[faults %4ss] %s\n' "$(($(date +%s) - START_EPOCH))" "$*"; }
die() {
  printf '[faults] ERROR: %s\n' "$*" >&2
  FAILED=$((FAILED + 1))
  echo "faults: $PASSED passed, $FAILED failed"
  exit 1
}

# check NAME OK(0/1) DETAIL: one PASS/FAIL line.
check() {
  if [ "$2" = 1 ]; then PASSED=$((PASSED + 1)); printf '  PASS %s: %s\n' "$1" "$3"
  else FAILED=$((FAILED + 1)); printf '  FAIL %s: %s\n' "$1" "$3"; fi
}
is() { [ "$1" = "$2" ] && echo 1 || echo 0; }   # is MEASURED EXPECTED
le() { [ "$1" -le "$2" ] && echo 1 || echo 0; }  # le MEASURED BOUND

stop_pid() {
  local pid="$1" i
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 100; i++)); do kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null || true; return 0; }; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

# start_hub NAME PORT CONNECTION: the hub in Release on loopback, its log appended to $WORK/NAME.log; waits for ready.
start_hub() {
  local name="$1" port="$2" conn="$3" pid i
  ConnectionStrings__Hub="$conn" Hub__PublicUrl="http://localhost:$port" \
    dotnet "$HUB_DLL" --urls "http://127.0.0.1:$port" </dev/null >>"$WORK/$name.log" 2>&1 &
  pid=$!
  HUB_PIDS[$name]=$pid
  for ((i = 0; i < 240; i++)); do
    kill -0 "$pid" 2>/dev/null || { tail -n 30 "$WORK/$name.log" >&2; die "$name exited at start"; }
    [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/health/ready")" = 200 ] && { say "$name on :$port (pid $pid)"; return 0; }
    sleep 0.5
  done
  die "$name did not report /health/ready (log: $WORK/$name.log)"
}
stop_hub() { stop_pid "${HUB_PIDS[$1]:-}"; unset "HUB_PIDS[$1]"; }
kill_hub() { # kill -9: no shutdown, no flush, connections dropped mid-transaction
  local pid="${HUB_PIDS[$1]:-}"
  [ -n "$pid" ] && kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  unset "HUB_PIDS[$1]"
}

sim_post() { curl -fsS -X POST "$SIM_URL$1" -H 'Content-Type: application/json' -d "$2" >/dev/null; }
sim_delete() { curl -fsS -X DELETE "$SIM_URL$1" >/dev/null; }
# Requests to pay the simulator received (WireMock's journal; /__sim calls excluded by the path).
sim_request_to_pay_count() {
  curl -fsS "$SIM_URL/__admin/requests" | jq '[.[] | .Request | select(.Path == "/collection/v1_0/requesttopay" and .Method == "POST")] | length'
}
# Every provider call the simulator received (its own /__sim and /__admin calls excluded).
sim_provider_call_count() {
  curl -fsS "$SIM_URL/__admin/requests" | jq '[.[] | .Request.Path | select(startswith("/__") | not)] | length'
}
# The hub payment ids (externalId) of the simulator's accepted requests to pay, one line each.
sim_external_ids() { curl -fsS "$SIM_URL/__sim/transactions" | jq -r '.[] | .externalId // empty'; }

# send_one KEY URL AMOUNT -> "KEY HTTP-CODE ID-OR-CODE STATUS CONTENT-TYPE SECONDS" (code 000: no answer).
send_one() {
  local key="$1" url="$2" amount="$3" out meta body fields
  out="$(curl -s --max-time 60 -X POST "$url/v1/payments" -H "Authorization: Bearer $FAULTS_KEY" -H "Idempotency-Key: $key" \
    -H 'Content-Type: application/json' -w '\n%{http_code} %{time_total} %{content_type}' \
    -d "{\"amount\":$amount,\"currency\":\"XAF\",\"method\":\"mobile_money\",\"payer\":{\"phone\":\"+237671234567\"},\"description\":\"faults\"}")" || true
  meta="${out##*$'\n'}"
  body="${out%$'\n'*}"
  [ "$body" = "$out" ] && body=""
  fields="$(jq -r '[(.id // .code // "-"), (.status // "-" | tostring)] | join(" ")' <<<"$body" 2>/dev/null || echo "- -")"
  [ -n "$fields" ] || fields="- -"
  # shellcheck disable=SC2086
  set -- $meta
  local ctype="${3:-}"
  ctype="${ctype%%;*}"
  printf '%s %s %s %s %s\n' "$key" "${1:-000}" "$fields" "${ctype:--}" "${2:-0}"
}
export -f send_one

# send_keys URL AMOUNT PARALLEL < keys > replies: every key once, PARALLEL at a time.
send_keys() { xargs -P "$3" -I{} bash -c 'send_one "$1" "$2" "$3"' _ {} "$1" "$2"; }

# resend_until_final URL AMOUNT KEYS-FILE REPLIES-FILE: every key again (its first reply included), then again those
# whose reply is not a 201 (a 409 while a crashed request's lease runs out, a 5xx while something recovers), up to
# 8 rounds; REPLIES-FILE holds each key's last reply.
resend_until_final() {
  local url="$1" amount="$2" keys="$3" out="$4" round todo="$WORK/todo.$$"
  cp "$keys" "$todo"
  : >"$out.all"
  for ((round = 1; round <= 8; round++)); do
    send_keys "$url" "$amount" "$CLIENTS" <"$todo" >>"$out.all"
    awk '{last[$1] = $0} END {for (k in last) print last[k]}' "$out.all" >"$out"
    awk '$2 != 201 {print $1}' "$out" >"$todo"
    [ -s "$todo" ] || break
    sleep 4
  done
  rm -f "$todo"
}

# The checks every crash scenario makes, for the keys of KEYS-FILE (their payments' ids in FINAL-REPLIES):
#   one payment per key, acknowledged ones kept (FIRST-REPLIES' 201s have the same id at the end), at most one
#   request to pay per payment at the simulator, no key left unfinished.
check_keys() {
  local label="$1" keys="$2" first="$3" final="$4" prefix="$5" url_for_sync="${6:-$HUB1}" n ok201 lost dupes payments sent ext_dupes stuck pending
  n="$(wc -l <"$keys")"
  ok201="$(awk '$2 == 201' "$final" | wc -l)"
  check "$label final replies" "$(is "$ok201" "$n")" "$ok201 of $n keys answered 201 after the re-send"
  lost="$(join <(awk '$2 == 201 {print $1, $3}' "$first" | sort) <(awk '{print $1, $3}' "$final" | sort) | awk '$2 != $3' | wc -l)"
  check "$label acknowledged kept" "$(is "$lost" 0)" "$(awk '$2 == 201' "$first" | wc -l) acknowledged before the fault, $lost changed or lost"
  payments="$(psql_db -Atc "select count(*) from payments where idempotency_key like '$prefix%'")"
  dupes="$(psql_db -Atc "select count(*) from (select 1 from payments where idempotency_key like '$prefix%' group by merchant_id, livemode, idempotency_key having count(*) > 1) d")"
  check "$label one payment per key" "$([ "$payments" = "$n" ] && [ "$dupes" = 0 ] && echo 1 || echo 0)" "$payments payments for $n keys, $dupes keys with more than one"
  sim_external_ids | sort >"$WORK/$label.sim-ids"
  awk '{print $3}' "$final" | sort -u >"$WORK/$label.ids"
  sent="$(join "$WORK/$label.ids" "$WORK/$label.sim-ids" | wc -l)"
  ext_dupes="$(join "$WORK/$label.ids" <(uniq -d "$WORK/$label.sim-ids") | wc -l)"
  check "$label no duplicate charge" "$(is "$ext_dupes" 0)" "$sent requests to pay accepted by the simulator for these payments, $ext_dupes payments with more than one"
  # An unknown outcome (a provider call that timed out under the load, or was cut by the fault) is "processing":
  # reconciled here by a sync (the reconciler would, later), which asks MTN and never sends the request again.
  local unknown=0 id
  for id in $(awk '$2 == 201 && $4 != "pending" {print $3}' "$final"); do
    curl -s -o /dev/null -X POST "$url_for_sync/v1/payments/$id/sync" -H "Authorization: Bearer $FAULTS_KEY" || true
    unknown=$((unknown + 1))
  done
  [ "$unknown" = 0 ] || say "  $unknown unknown outcomes (processing) reconciled with a sync"
  stuck="$(psql_db -Atc "select count(*) from idempotency_records where key like '$prefix%' and completed_at is null")"
  # Pending at MTN, or still unknown (processing: MTN answered nothing final) with the reconciler's next look set;
  # either way with the provider reference the request to pay went with.
  pending="$(psql_db -Atc "select count(*) from payments where idempotency_key like '$prefix%' and status = 'pending' and provider_reference is not null")"
  unknown="$(psql_db -Atc "select count(*) from payments where idempotency_key like '$prefix%' and status = 'processing' and provider_reference is not null and next_reconcile_at is not null")"
  check "$label nothing stuck or half-written" "$([ "$stuck" = 0 ] && [ "$((pending + unknown))" = "$n" ] && echo 1 || echo 0)" \
    "$stuck unfinished keys; of $n payments $pending pending at MTN and $unknown unknown under reconciliation, each with its provider reference recorded"
}
