#!/usr/bin/env bash
# Serving throughput and latency against a bare JSON echo app, both measured here in the same run,
# then a promotion approved in the middle of a second load: it must cost no failed request.
# Usage: bash bench/serving.sh [duration, default 20s]
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION="${1:-20s}"
KEY="bench-bootstrap-key-0123456789"
DATA="$(mktemp -d)"
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do pkill -TERM -P "$p" 2>/dev/null || true; kill "$p" 2>/dev/null || true; done; rm -rf "$DATA"; }
trap cleanup EXIT

dotnet build -c Release bench/EchoFloor -v q -nologo >/dev/null
dotnet build -c Release MlOps.Web -v q -nologo >/dev/null

api() { curl -sf -H "X-Api-Key: $KEY" "$@"; }
wait_up() { for _ in $(seq 120); do curl -s -o /dev/null "$1" && return 0; sleep 0.5; done; echo "no answer from $1" >&2; exit 1; }
wrk_run() { # path, key, duration
  WRK_PATH="$1" MLOPS_KEY="$2" wrk -t2 -c32 -d"$3" --latency -s bench/serving/predict.lua "http://127.0.0.1:$4"
}
rps() { awk '/Requests\/sec/ {print $2}'; }
p99() { awk '$1=="99%" {print $2}'; }
failed() { awk '/Non-2xx or 3xx responses/ {n=$5} /Socket errors/ {s=$0} END {print (n==""?0:n) (s==""?"":" ("s")")}'; }

Logging__LogLevel__Default=Warning dotnet run -c Release --no-build --project bench/EchoFloor --urls http://127.0.0.1:5081 >/dev/null 2>&1 &
PIDS+=($!)
Bootstrap__ApiKey="$KEY" Logging__LogLevel__Default=Warning MlOps__DataDirectory="$DATA" \
  dotnet run -c Release --no-build --project MlOps.Web --urls http://127.0.0.1:5080 >"$DATA/mlops.log" 2>&1 &
PIDS+=($!)
wait_up http://127.0.0.1:5081/
wait_up http://127.0.0.1:5080/health/live

echo "Training penguin-species (LightGbm, 1 trial) through the API..."
api -F name=penguins -F "file=@MlOps.Tests/TestData/penguins.csv" http://127.0.0.1:5080/api/v1/datasets >/dev/null
api -H "Content-Type: application/json" -d '{"name":"penguin-species","dataset":"penguins","task":"MulticlassClassification","label":"Species","ignore":["Sex"],"trainers":["LightGbm"],"search":{"strategy":"Random","maxTrials":1},"registerModel":"penguin-species"}' \
  http://127.0.0.1:5080/api/v1/pipelines >/dev/null
train() {
  local run; run=$(api -X POST http://127.0.0.1:5080/api/v1/pipelines/penguin-species/runs | sed -E 's/.*"id":"([^"]+)".*/\1/')
  for _ in $(seq 600); do
    local status; status=$(api "http://127.0.0.1:5080/api/v1/pipeline-runs/$run" | sed -E 's/.*"status":"([A-Za-z]+)".*/\1/')
    case "$status" in Succeeded) return 0;; Failed|Cancelled|Interrupted) echo "training $status" >&2; exit 1;; esac
    sleep 0.5
  done
}
APPROVER=$(api -H "Content-Type: application/json" -d '{"name":"bench-approver","role":"Admin"}' http://127.0.0.1:5080/api/v1/admin/api-keys | sed -E 's/.*"key":"([^"]+)".*/\1/')
promote() { # version -> approves the promotion request at once or after $2 seconds
  local id; id=$(api -H "Content-Type: application/json" -d "{\"version\":$1,\"reason\":\"bench\"}" http://127.0.0.1:5080/api/v1/models/penguin-species/promotions | sed -E 's/.*"id":"([^"]+)".*/\1/')
  sleep "${2:-0}"
  curl -sf -o /dev/null -H "X-Api-Key: $APPROVER" -H "Content-Type: application/json" -d '{"comment":"bench"}' "http://127.0.0.1:5080/api/v1/promotions/$id/approve"
}
train
promote 1
train

WARM=5s
echo "Warming up both apps ($WARM each)..."
wrk_run /echo "" "$WARM" 5081 >/dev/null
wrk_run /api/v1/models/penguin-species/predict "$KEY" "$WARM" 5080 >/dev/null

echo "Measuring: wrk -t2 -c32 -d$DURATION"
ECHO=$(wrk_run /echo "" "$DURATION" 5081)
SERVE=$(wrk_run /api/v1/models/penguin-species/predict "$KEY" "$DURATION" 5080)

echo "Hot swap: promoting version 2 ten seconds into a $DURATION load"
promote 2 10 &
SWAPPER=$!
SWAP=$(wrk_run /api/v1/models/penguin-species/predict "$KEY" "$DURATION" 5080)
wait "$SWAPPER"
SERVED=$(api -H "Content-Type: application/json" -d '{"records":[{"Island":"Biscoe","Beak Length (mm)":47.6,"Beak Depth (mm)":14.5,"Flipper Length (mm)":215,"Body Mass (g)":5400}]}' \
  http://127.0.0.1:5080/api/v1/models/penguin-species/predict | sed -E 's/.*"version":([0-9]+).*/\1/')

E=$(echo "$ECHO" | rps); S=$(echo "$SERVE" | rps)
echo
echo "echo floor        : $E req/s, p99 $(echo "$ECHO" | p99)"
echo "predict (1 record): $S req/s, p99 $(echo "$SERVE" | p99), failed $(echo "$SERVE" | failed)"
awk -v s="$S" -v e="$E" 'BEGIN { printf "ratio             : %.2f (target >= 0.75)\n", s / e }'
echo "hot swap load     : $(echo "$SWAP" | rps) req/s, p99 $(echo "$SWAP" | p99), failed $(echo "$SWAP" | failed); production now serves version $SERVED"
echo
echo "--- wrk, echo floor ---"; echo "$ECHO"
echo "--- wrk, predict ---"; echo "$SERVE"
echo "--- wrk, predict with a promotion approved at 10 s ---"; echo "$SWAP"
