#!/usr/bin/env bash
# Builds Connectors.sln (Release) and runs every test project in it against a throwaway PostgreSQL cluster.
# The last line of output is always "N passed, N failed[, N skipped]", summed from the TRX files.
# Exit code: 0 only when the build succeeded, dotnet test succeeded and no test failed.
#
#   ./test.sh [extra dotnet test arguments, e.g. --filter "FullyQualifiedName~Money"]
#
# Environment:
#   TEST_RESULTS_DIR   where the TRX files go (default: TestResults/<timestamp> in the repo)
#   HUB_TEST_PG        set by this script for the tests: superuser connection string to the throwaway server
#   PG_BIN             PostgreSQL bin directory to use (default: /usr/lib/postgresql/15/bin, installed if missing)
#   TEST_HANG_TIMEOUT  per-test-host hang timeout passed to --blame-hang-timeout (default 15m)
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$REPO"
# shellcheck source=scripts/pg.sh
. "$REPO/scripts/pg.sh"

if [ -z "${HOME:-}" ]; then HOME="$(getent passwd "$(id -u)" | cut -d: -f6)"; export HOME; fi
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
# No long-lived MSBuild nodes holding our stdout open after we exit (CI waits for it to close).
export MSBUILDDISABLENODEREUSE=1 DOTNET_CLI_USE_MSBUILD_SERVER=0

PG_BASE=""
CLEANED=0
PASSED=0 FAILED=0 SKIPPED=0

cleanup() {
  [ "$CLEANED" = 1 ] && return 0
  CLEANED=1
  trap '' INT TERM
  if [ -n "$PG_BASE" ]; then
    pg_stop "$PG_BASE" || true
    rm -rf "$PG_BASE" || true
  fi
  if [ "${CI:-}" = true ] || [ "${CI:-}" = 1 ]; then
    dotnet build-server shutdown >/dev/null 2>&1 || true
  fi
}

# Cleans up, prints the summary line last and exits.
finish() {
  local rc="$1"
  cleanup
  if [ "$FAILED" -gt 0 ]; then rc=1; fi
  local line="$PASSED passed, $FAILED failed"
  if [ "$SKIPPED" -gt 0 ]; then line="$line, $SKIPPED skipped"; fi
  echo "$line"
  exit "$rc"
}

trap cleanup EXIT
trap 'echo "test.sh: interrupted" >&2; finish 130' INT TERM

# --- throwaway PostgreSQL -------------------------------------------------------------------------------
if ! ensure_pg_installed; then
  echo "test.sh: PostgreSQL server is not available" >&2
  finish 1
fi
PG_BASE="$(mktemp -d "${TMPDIR:-/tmp}/connector-hub-test-pg.XXXXXX")"
if ! pg_user_can_use "$PG_BASE"; then
  # $TMPDIR is somewhere the postgres user cannot reach (root only): /tmp always is.
  rmdir "$PG_BASE"; PG_BASE="$(mktemp -d /tmp/connector-hub-test-pg.XXXXXX)"
fi
pg_prepare_base "$PG_BASE"
started=0
for attempt in 1 2 3 4 5; do
  # A random start spreads concurrent runs on one machine over the range.
  from=$((55432 + RANDOM % 900))
  port="$(pick_free_port "$from" $((from + 100)))" || continue
  pg_init "$PG_BASE" "$port" fast || finish 1
  if pg_start "$PG_BASE" "$port"; then started=1; break; fi
  echo "test.sh: could not start PostgreSQL on port $port (attempt $attempt), trying another port" >&2
done
if [ "$started" != 1 ]; then
  echo "test.sh: could not start a throwaway PostgreSQL cluster" >&2
  finish 1
fi
HUB_TEST_PG="$(pg_conn_string "$port")"
export HUB_TEST_PG
echo "test.sh: throwaway PostgreSQL at 127.0.0.1:$port (HUB_TEST_PG=$HUB_TEST_PG)"

# --- Chromium for tests/Checkout.Browser.Tests ------------------------------------------------------------
# Debian's chromium, installed as root when missing (no browser download: Playwright only drives it). When it cannot be
# installed the browser tests fail and say so; they never skip. CHECKOUT_CHROMIUM names another executable.
if [ -z "${CHECKOUT_CHROMIUM:-}" ] && [ ! -x /usr/bin/chromium ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "test.sh: installing chromium with apt-get (for the checkout browser tests)"
  if ! { DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >/dev/null 2>&1 \
      || { apt-get update -q >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >/dev/null 2>&1; }; }; then
    echo "test.sh: could not install chromium: the checkout browser tests will fail (set CHECKOUT_CHROMIUM or install it)" >&2
  fi
fi
if [ -z "${CHECKOUT_CHROMIUM:-}" ] && [ ! -x /usr/bin/chromium ]; then
  echo "test.sh: no /usr/bin/chromium: the checkout browser tests will fail (apt-get install -y chromium as root, or set CHECKOUT_CHROMIUM)" >&2
fi

# --- build ------------------------------------------------------------------------------------------------
echo "test.sh: dotnet build Connectors.sln -c Release"
if ! dotnet build Connectors.sln -c Release -nologo -nodeReuse:false; then
  echo "test.sh: BUILD FAILED" >&2
  finish 1
fi

# --- test -------------------------------------------------------------------------------------------------
RESULTS="${TEST_RESULTS_DIR:-$REPO/TestResults/$(date +%Y%m%d-%H%M%S)-$$}"
mkdir -p "$RESULTS"
rm -f "$RESULTS"/*.trx
echo "test.sh: dotnet test (TRX files in $RESULTS)"
test_rc=0
dotnet test Connectors.sln -c Release --no-build -nologo \
  --logger "trx" --results-directory "$RESULTS" \
  --blame-hang-timeout "${TEST_HANG_TIMEOUT:-15m}" --blame-hang-dump-type none \
  "$@" || test_rc=$?

# --- count ------------------------------------------------------------------------------------------------
# <Counters total="7" executed="6" passed="5" failed="1" error="0" timeout="0" aborted="0" … notExecuted="0" …/>
# A skipped xunit test is counted in total but not in executed.
attr() { sed -n "s/.*[[:space:]]$1=\"\\([0-9]*\\)\".*/\\1/p" <<<"$2" | head -n1; }
trx_count=0
shopt -s nullglob
for trx in "$RESULTS"/*.trx "$RESULTS"/*/*.trx; do
  counters="$(tr -d '\r\n' <"$trx" | grep -o '<Counters [^>]*>' | head -n1 || true)"
  if [ -z "$counters" ]; then
    echo "test.sh: no <Counters> in $trx" >&2
    test_rc=1
    continue
  fi
  trx_count=$((trx_count + 1))
  total=$(attr total "$counters"); executed=$(attr executed "$counters")
  passed=$(attr passed "$counters"); failed=$(attr failed "$counters")
  error=$(attr error "$counters"); timeout_=$(attr timeout "$counters"); aborted=$(attr aborted "$counters")
  not_executed=$(attr notExecuted "$counters")
  PASSED=$((PASSED + ${passed:-0}))
  FAILED=$((FAILED + ${failed:-0} + ${error:-0} + ${timeout_:-0} + ${aborted:-0}))
  skipped=$(( ${total:-0} - ${executed:-0} ))
  if [ "${not_executed:-0}" -gt "$skipped" ]; then skipped=${not_executed:-0}; fi
  SKIPPED=$((SKIPPED + skipped))
done
shopt -u nullglob

# Name each failed test with the start of its message, last, where a CI log's tail shows it.
list_failures() {
  awk '
    /<UnitTestResult / && /outcome="Failed"/ {
      name = $0; sub(/.*testName="/, "", name); sub(/".*/, "", name)
      gsub(/&quot;/, "\"", name); gsub(/&amp;/, "\\&", name); gsub(/&lt;/, "<", name); gsub(/&gt;/, ">", name)
      print "  FAILED " name; failed = 1; lines = 0; next
    }
    failed && /<Message>/ { inmsg = 1; sub(/.*<Message>/, "") }
    failed && inmsg {
      line = $0; done = sub(/<\/Message>.*/, "", line)
      gsub(/&quot;/, "\"", line); gsub(/&amp;/, "\\&", line); gsub(/&lt;/, "<", line); gsub(/&gt;/, ">", line)
      if (lines < 6 && line != "") { print "    " line; lines++ }
      if (done) { inmsg = 0; failed = 0 }
    }
    /<\/UnitTestResult>/ { failed = 0; inmsg = 0 }
  ' "$@"
}
if [ "$FAILED" -gt 0 ]; then
  echo "test.sh: failed tests:" >&2
  shopt -s nullglob
  list_failures "$RESULTS"/*.trx "$RESULTS"/*/*.trx >&2
  shopt -u nullglob
fi
if [ "$test_rc" -ne 0 ]; then
  echo "test.sh: dotnet test exited with code $test_rc" >&2
fi
if [ "$trx_count" -eq 0 ]; then
  echo "test.sh: warning: no test results (no test project in Connectors.sln yet?)" >&2
fi
finish "$test_rc"
