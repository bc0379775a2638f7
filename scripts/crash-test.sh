#!/usr/bin/env bash
# Crash test (issue 17): under continuous send / fetch / acknowledge load, kill -9 Exchange, then the PostgreSQL
# postmaster, several times each, restarting each time; then check through the API that every acknowledged send is
# stored exactly once, every acknowledged delivery stays acknowledged and nothing is delivered as new twice.
#
#   scripts/crash-test.sh                      # release build, 5 kills of each kind
#   EXCHANGE_KILLS=8 POSTGRES_KILLS=6 scripts/crash-test.sh
#   CONFIGURATION=debug scripts/crash-test.sh  # a debug build (slower; the guarantees are the same)
#   SCRATCH_PATH=/tmp/vdxp-release scripts/crash-test.sh   # build elsewhere than .build
#
# Loopback only, a throwaway directory (WORK, default /tmp/vdxp-crash-<pid>), its own ports (BASE_PORT, default
# 17000: Central 17100…, Exchange 17200…, PostgreSQL 17432). Bounded: each restart and each recovery wait has a limit,
# the whole run a deadline (MAX_SECONDS, default 900). Prints the counts (acked, recovered, lost, duplicated) and
# exits non-zero on any loss or duplicate, or when a limit is hit. See docs/reliability.md.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)
CONFIGURATION=${CONFIGURATION:-release}
EXCHANGE_KILLS=${EXCHANGE_KILLS:-5}
POSTGRES_KILLS=${POSTGRES_KILLS:-5}
BASE_PORT=${BASE_PORT:-17000}
MAX_SECONDS=${MAX_SECONDS:-900}
# How many documents must be acknowledged between two kills: each kill hits a platform that recovered under load.
PROGRESS_PER_ROUND=${PROGRESS_PER_ROUND:-20}
WORK=${WORK:-/tmp/vdxp-crash-$$}
# Where SwiftPM builds (SCRATCH_PATH, default .build): a separate one lets a release build run beside a debug one.
SCRATCH_PATH=${SCRATCH_PATH:-$ROOT/.build}
BIN="$SCRATCH_PATH/$CONFIGURATION"
START=$(date +%s)

log() { printf '[crash-test %4ds] %s\n' "$(($(date +%s) - START))" "$*"; }
fail() {
  log "FAIL: $*"
  exit 2
}
check_deadline() { (($(date +%s) - START < MAX_SECONDS)) || fail "the run passed its ${MAX_SECONDS}s limit"; }

if [[ ${SKIP_BUILD:-0} != 1 ]]; then
  log "building vdxp, vdxp-central and vdxp-exchange ($CONFIGURATION)"
  for product in vdxp-central vdxp-exchange vdxp; do
    nice -n 10 swift build -c "$CONFIGURATION" --scratch-path "$SCRATCH_PATH" --product "$product" >"$WORK.build.log" 2>&1 ||
      {
        tail -30 "$WORK.build.log"
        fail "swift build --product $product failed"
      }
  done
fi
for program in vdxp vdxp-central vdxp-exchange; do
  [[ -x $BIN/$program ]] || fail "$BIN/$program is missing (build it, or unset SKIP_BUILD)"
done

mkdir -p "$WORK/logs"
PG_PORT=$((BASE_PORT + 432))
CENTRAL_GRPC=127.0.0.1:$((BASE_PORT + 100))
EXCHANGE_GRPC=127.0.0.1:$((BASE_PORT + 200))
PIDS=()
LOAD_PID=""
EXCHANGE_PID=""
CENTRAL_PID=""

cleanup() {
  set +e
  [[ -n $LOAD_PID ]] && kill "$LOAD_PID" 2>/dev/null
  [[ -n $EXCHANGE_PID ]] && kill "$EXCHANGE_PID" 2>/dev/null
  [[ -n $CENTRAL_PID ]] && kill "$CENTRAL_PID" 2>/dev/null
  wait 2>/dev/null
  local postmaster
  postmaster=$(head -1 "$WORK/postgres/data/postmaster.pid" 2>/dev/null)
  [[ -n $postmaster ]] && kill -TERM "$postmaster" 2>/dev/null
  for _ in $(seq 50); do
    [[ -n $postmaster ]] && kill -0 "$postmaster" 2>/dev/null || break
    sleep 0.2
  done
  if [[ ${KEEP_WORK:-0} != 1 ]]; then rm -rf "$WORK" "$WORK.build.log"; else log "kept $WORK"; fi
}
trap cleanup EXIT

start_postgres() {
  local url
  for _ in $(seq 60); do
    if url=$("$BIN/vdxp" crash-load postgres --directory "$WORK/postgres" --port "$PG_PORT" 2>>"$WORK/logs/postgres-start.log"); then
      DATABASE_URL=$url
      return 0
    fi
    # After a kill -9 of the postmaster its backends may still hold the shared memory for a moment.
    sleep 0.5
  done
  tail -20 "$WORK/logs/postgres-start.log"
  fail "PostgreSQL did not start again within 30 s"
}

service_environment() {
  local service=$1 offset=$2
  # Each service connects as its own role (vdxp_<service>, made by crash-load postgres), not as the superuser.
  echo "VDXP_DATABASE_URL=${DATABASE_URL/postgres:\/\/vdxp@/postgres://vdxp_$service@}"
  echo "VDXP_TLS_CERTIFICATE=$WORK/pki/services/$service.pem"
  echo "VDXP_TLS_KEY=$WORK/pki/services/$service-key.pem"
  echo "VDXP_PLATFORM_CA=$WORK/pki/platform-ca.pem"
  echo "VDXP_CONFIGURATION_ANCHOR=$WORK/pki/configuration-signing.pem"
  echo "VDXP_CENTRAL_ADDRESS=$CENTRAL_GRPC"
  echo "VDXP_DATABASE_MAX_CONNECTIONS=10"
  echo "VDXP_GRPC_ADDRESS=127.0.0.1:$((BASE_PORT + offset))"
  echo "VDXP_HEALTH_ADDRESS=127.0.0.1:$((BASE_PORT + offset + 1))"
  echo "VDXP_METRICS_ADDRESS=127.0.0.1:$((BASE_PORT + offset + 2))"
  echo "VDXP_PUBLIC_ADDRESS=127.0.0.1:$((BASE_PORT + offset + 3))"
  echo "VDXP_LOG_LEVEL=warning"
  if [[ $service == central ]]; then echo "VDXP_CONFIGURATION_SIGNING_KEY=$WORK/pki/configuration-signing-key.pem"; fi
}

start_service() {
  local service=$1 offset=$2
  local -a environment
  mapfile -t environment < <(service_environment "$service" "$offset")
  env -i PATH="$PATH" HOME="${HOME:-/root}" "${environment[@]}" "$BIN/vdxp-$service" >>"$WORK/logs/$service.log" 2>&1 &
  STARTED_PID=$!
}

acked() { awk '{print $1}' "$WORK/progress" 2>/dev/null || echo 0; }

# Waits until the load client has had PROGRESS_PER_ROUND more sends acknowledged than `$1` (at most 120 s).
wait_for_progress() {
  local before=$1 what=$2
  for _ in $(seq 600); do
    check_deadline
    kill -0 "$LOAD_PID" 2>/dev/null || fail "the load client exited early; see $WORK/logs/load.log"
    if (($(acked) >= before + PROGRESS_PER_ROUND)); then return 0; fi
    sleep 0.2
  done
  fail "no progress within 120 s after $what (acknowledged: $(acked))"
}

log "work directory $WORK; PostgreSQL on $PG_PORT (fsync on), Central $CENTRAL_GRPC, Exchange $EXCHANGE_GRPC"
"$BIN/vdxp" pki init --directory "$WORK/pki" >/dev/null
start_postgres
start_service central 100
CENTRAL_PID=$STARTED_PID
"$BIN/vdxp" dev seed --central "$CENTRAL_GRPC" --pki-directory "$WORK/pki" >"$WORK/logs/seed.log" 2>&1 ||
  fail "seeding Central failed: $(tail -3 "$WORK/logs/seed.log")"
start_service exchange 200
EXCHANGE_PID=$STARTED_PID

"$BIN/vdxp" crash-load run --exchange "$EXCHANGE_GRPC" --pki-directory "$WORK/pki" --stop-file "$WORK/stop" \
  --progress "$WORK/progress" --summary "$WORK/summary.json" >"$WORK/logs/load.log" 2>&1 &
LOAD_PID=$!
wait_for_progress 0 "the start"
log "load running: $(acked) sends acknowledged"

for round in $(seq "$EXCHANGE_KILLS"); do
  before=$(acked)
  kill -9 "$EXCHANGE_PID"
  wait "$EXCHANGE_PID" 2>/dev/null || true
  log "kill -9 Exchange ($round/$EXCHANGE_KILLS) at $before acknowledged sends"
  sleep 1
  start_service exchange 200
  EXCHANGE_PID=$STARTED_PID
  wait_for_progress "$before" "restarting Exchange"
done

for round in $(seq "$POSTGRES_KILLS"); do
  before=$(acked)
  postmaster=$(head -1 "$WORK/postgres/data/postmaster.pid")
  kill -9 "$postmaster"
  log "kill -9 PostgreSQL postmaster $postmaster ($round/$POSTGRES_KILLS) at $before acknowledged sends"
  for _ in $(seq 100); do kill -0 "$postmaster" 2>/dev/null || break; sleep 0.1; done
  sleep 1
  start_postgres
  wait_for_progress "$before" "restarting PostgreSQL"
done

log "kills done; stopping the load and checking"
touch "$WORK/stop"
status=0
wait "$LOAD_PID" || status=$?
LOAD_PID=""
grep '^crash-load:' "$WORK/logs/load.log" || true
if [[ -f $WORK/summary.json ]]; then
  log "summary: $(cat "$WORK/summary.json")"
  cp "$WORK/summary.json" "${SUMMARY_OUT:-/tmp/vdxp-crash-summary.json}"
fi
log "Exchange killed $EXCHANGE_KILLS times, PostgreSQL $POSTGRES_KILLS times, $CONFIGURATION build"

# Slow readers: downloads that read one chunk and then nothing must not make Exchange buffer the attachment.
SLOW_STREAMS=${SLOW_STREAMS:-8}
SLOW_MIB=${SLOW_MIB:-48}
rss_kib() { awk '/^VmRSS/ {print $2}' "/proc/$EXCHANGE_PID/status"; }
baseline=$(rss_kib)
"$BIN/vdxp" crash-load slow-readers --exchange "$EXCHANGE_GRPC" --pki-directory "$WORK/pki" \
  --streams "$SLOW_STREAMS" --mebibytes "$SLOW_MIB" --hold-seconds 10 >"$WORK/logs/slow.log" 2>&1 &
SLOW_PID=$!
for _ in $(seq 1500); do
  grep -q '^holding' "$WORK/logs/slow.log" && break
  kill -0 "$SLOW_PID" 2>/dev/null || break
  sleep 0.1
done
peak=$baseline
for _ in $(seq 16); do
  now=$(rss_kib)
  ((now > peak)) && peak=$now
  sleep 0.5
done
slow_status=0
wait "$SLOW_PID" || slow_status=$?
# The bound from the limits: one copy of the attachment on its way in, per stream a 1 MiB chunk in hand and one
# queued, twice an HTTP/2 connection window (8 MiB), and 80 MiB for the allocator and everything else.
bound=$((baseline + SLOW_MIB * 1024 + SLOW_STREAMS * 2048 + 16384 + 81920))
everything=$((SLOW_STREAMS * SLOW_MIB * 1024))
log "slow readers: $(grep '^holding' "$WORK/logs/slow.log" || echo 'no stream held') of $SLOW_MIB MiB unread;" \
  "Exchange RSS $((baseline / 1024)) MiB before, peak $((peak / 1024)) MiB (bound $((bound / 1024)) MiB;" \
  "buffering every stream would add $((everything / 1024)) MiB)"
echo "{\"rss_baseline_mib\": $((baseline / 1024)), \"rss_peak_mib\": $((peak / 1024)), \"rss_bound_mib\": $((bound / 1024)), \"slow_streams\": $SLOW_STREAMS, \"slow_mib\": $SLOW_MIB}" \
  >"${SUMMARY_OUT:-/tmp/vdxp-crash-summary.json}.slow"
if ((slow_status != 0)) || ! grep -q "^holding $SLOW_STREAMS streams" "$WORK/logs/slow.log"; then
  log "FAIL: the slow readers did not all get their first chunk (exit $slow_status); see $WORK/logs/slow.log"
  ((status != 0)) || status=3
fi
if ((peak > bound)); then
  log "FAIL: Exchange's memory grew past the bound while readers did not read"
  ((status != 0)) || status=3
fi
if ((status != 0)); then
  log "FAIL (exit $status: 1 a loss or a duplicate, 3 the slow readers); logs in $WORK/logs"
  KEEP_WORK=1
  exit 1
fi
log "PASS"
