#!/usr/bin/env bash
# Monitoring under Serving's load: (a) predict throughput, with every prediction logged, against the bare echo app;
# (b) the same load sustained, after which each request wrk saw answered 200 must be in the prediction log or counted
# as dropped or failed (by the log queue, or by a sink that failed to take it); (c) how long the monitoring reads take over the
# log that load left (summary and series of the last 24 hours, first page of the predictions list).
# Usage: [MLOPS_PORT=5080 ECHO_PORT=5081] bash bench/monitoring.sh [sustained seconds, default 300] [throughput duration, default 20s]
set -euo pipefail
cd "$(dirname "$0")/.."
SUSTAIN="${1:-300}"
DURATION="${2:-20s}"
source bench/lib.sh

counts() { # written failed dropped serving-dropped depth enqueued
  local log serving
  log=$(api "$MLOPS/api/v1/monitoring/status")
  serving=$(api "$MLOPS/api/v1/serving/models")
  echo "$(echo "$log" | number_field written) $(echo "$log" | number_field failed) $(echo "$log" | number_field dropped)" \
    "$(echo "$serving" | number_field droppedPredictionEvents) $(echo "$log" | number_field depth) $(echo "$log" | number_field enqueued)"
}

seconds_for() { curl -s -o /dev/null -w "%{time_total}" -H "X-Api-Key: $KEY" "$MLOPS/api/v1/monitoring/models/penguin-species/$1"; }

drain() { # waits until the queue is empty and nothing more arrives from Serving; prints the counts
  local previous="" now
  for _ in $(seq 600); do
    now=$(counts)
    read -r _ _ _ _ depth _ <<<"$now"
    if [[ "$depth" == 0 && "$now" == "$previous" ]]; then echo "$now"; return 0; fi
    previous="$now"
    sleep 1
  done
  echo "the prediction log never drained: $now" >&2
  exit 1
}

LOAD_START=$(uptime)
start_apps
define_species
train
promote 1
measure_throughput "$DURATION"

BEFORE=$(drain)
read -r W0 F0 D0 S0 _ _ <<<"$BEFORE"
echo "Sustained: wrk -t2 -c32 -d${SUSTAIN}s"
LOAD_BEFORE=$(uptime)
SUSTAINED=$(wrk_run "$PREDICT" "$KEY" "${SUSTAIN}s" "$MLOPS_PORT")
LOAD_AFTER=$(uptime)
DRAIN_START=$SECONDS
AFTER=$(drain)
read -r W1 F1 D1 S1 _ _ <<<"$AFTER"
DRAINED=$((SECONDS - DRAIN_START))

seconds_for summary >/dev/null # first call: JIT and a cold page cache
SUMMARY_S=$(seconds_for summary); SERIES_S=$(seconds_for timeseries); LIST_S=$(seconds_for "predictions?pageSize=50")

ANSWERED=$(( $(echo "$SUSTAINED" | requests) - $(echo "$SUSTAINED" | non2xx) ))
WRITTEN=$((W1 - W0)); WRITE_FAILED=$((F1 - F0)); DROPPED=$((D1 - D0)); SERVING_DROPPED=$((S1 - S0))
COUNTED=$((WRITTEN + WRITE_FAILED + DROPPED + SERVING_DROPPED))
LOST=$(( ANSWERED > COUNTED ? ANSWERED - COUNTED : 0 ))
BEYOND=$(( COUNTED > ANSWERED ? COUNTED - ANSWERED : 0 ))

echo
print_throughput
echo "sustained load    : $(echo "$SUSTAINED" | rps) req/s for ${SUSTAIN}s, p99 $(echo "$SUSTAINED" | p99), failed $(echo "$SUSTAINED" | failed)"
echo "answered 200      : $ANSWERED (wrk)"
echo "counted           : $COUNTED = written $WRITTEN + write failed $WRITE_FAILED + dropped by the log $DROPPED + dropped by Serving $SERVING_DROPPED (queue drained ${DRAINED}s after the load)"
echo "lost (not counted): $LOST (target 0)"
echo "counted, not seen : $BEYOND (requests in flight or timed out when wrk stopped: at most its 32 connections)"
echo "reads over the log: summary (24 h) ${SUMMARY_S}s, time series (24 h, 30 min buckets) ${SERIES_S}s, predictions list (first 50, with the total) ${LIST_S}s"
echo "machine load      : at start $LOAD_START"
echo "                    before the sustained load $LOAD_BEFORE"
echo "                    after it $LOAD_AFTER"
echo
echo "--- wrk, echo floor ---"; echo "$ECHO"
echo "--- wrk, predict ---"; echo "$SERVE"
echo "--- wrk, sustained predict ---"; echo "$SUSTAINED"
