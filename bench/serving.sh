#!/usr/bin/env bash
# Serving throughput and latency against a bare JSON echo app, both measured here in the same run,
# then a promotion approved in the middle of a second load: it must cost no failed request.
# Usage: bash bench/serving.sh [duration, default 20s]
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION="${1:-20s}"
source bench/lib.sh

start_apps
define_species
train
promote 1
train
measure_throughput "$DURATION"

echo "Hot swap: promoting version 2 ten seconds into a $DURATION load"
promote 2 10 &
SWAPPER=$!
SWAP=$(wrk_run "$PREDICT" "$KEY" "$DURATION" "$MLOPS_PORT")
wait "$SWAPPER"
SERVED=$(api -H "Content-Type: application/json" -d '{"records":[{"Island":"Biscoe","Beak Length (mm)":47.6,"Beak Depth (mm)":14.5,"Flipper Length (mm)":215,"Body Mass (g)":5400}]}' \
  "$MLOPS$PREDICT" | number_field version)

echo
print_throughput
echo "hot swap load     : $(echo "$SWAP" | rps) req/s, p99 $(echo "$SWAP" | p99), failed $(echo "$SWAP" | failed); production now serves version $SERVED"
echo
echo "--- wrk, echo floor ---"; echo "$ECHO"
echo "--- wrk, predict ---"; echo "$SERVE"
echo "--- wrk, predict with a promotion approved at 10 s ---"; echo "$SWAP"
