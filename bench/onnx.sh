#!/usr/bin/env bash
# ONNX serving against ML.NET serving and against ONNX Runtime alone, measured here in the same run:
#  1. single-record predict of the iris MLP (ONNX) vs the penguin-species LightGbm model (ML.NET), wrk -t2 -c32;
#  2. /v2/models/iris-mlp/infer with one record vs the JSON predict route on the same model;
#  3. a batch job over 1,000,000 iris rows vs bench/OnnxBaseline (a hand-written ONNX Runtime loop on the same file),
#     with the MlOps.Web process's resident memory sampled every 0.1 s.
# Usage: bash bench/onnx.sh [duration, default 20s] [rows, default 1000000]
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION="${1:-20s}"
ROWS="${2:-1000000}"
source bench/lib.sh
ONNX_PREDICT=/api/v1/models/iris-mlp/predict
INFER=/v2/models/iris-mlp/infer
IRIS_RECORD='{"records":[{"sepal_length":6.3,"sepal_width":3.3,"petal_length":6.0,"petal_width":2.5}]}'
IRIS_TENSOR='{"inputs":[{"name":"input","shape":[1,4],"datatype":"FP32","data":[6.3,3.3,6.0,2.5]}]}'
FIXTURES=MlOps.Tests/TestData/onnx

echo "Machine load before building: $(uptime | sed -E 's/.*load average: //')"
dotnet build -c Release bench/OnnxBaseline -v q -nologo >/dev/null
start_apps
define_species
train
promote 1

echo "Uploading the iris MLP and promoting it..."
api -F "file=@$FIXTURES/iris-mlp.onnx" -F "signature=<$FIXTURES/iris-mlp.signature.json" "$MLOPS/api/v1/models/iris-mlp/versions" >/dev/null
REQUEST=$(api -H "Content-Type: application/json" -d '{"version":1,"reason":"bench"}' "$MLOPS/api/v1/models/iris-mlp/promotions" | string_field id)
curl -sf -o /dev/null -H "X-Api-Key: $APPROVER" -H "Content-Type: application/json" -d '{"comment":"bench"}' "$MLOPS/api/v1/promotions/$REQUEST/approve"

load() { WRK_BODY="${3:-}" wrk_run "$1" "$KEY" "$2" "$MLOPS_PORT"; }
APP=$(pgrep -P "${PIDS[1]}" | head -1) # the app under `dotnet run`, whose CPU time and memory are sampled
cpu_ticks() { awk '{print $14 + $15}' "/proc/$APP/stat"; } # user + system time, in clock ticks
# CPU the app spent per request: unlike req/s, it barely moves with what else the shared machine runs.
measure() { local before out; before=$(cpu_ticks); out=$(load "$@"); echo "$out"; echo "cpu_ticks $(( $(cpu_ticks) - before ))"; }
cpu_us() { awk -v hz="$(getconf CLK_TCK)" '/requests in/ {n=$1} /^cpu_ticks/ {t=$2} END {printf "%.0f", t / hz * 1e6 / n}'; }
echo "Warming up (20 s per route)..."
load "$PREDICT" 20s >/dev/null
load "$ONNX_PREDICT" 20s "$IRIS_RECORD" >/dev/null
load "$INFER" 20s "$IRIS_TENSOR" >/dev/null
echo "Measuring: wrk -t2 -c32 -d$DURATION on each route"
MLNET=$(measure "$PREDICT" "$DURATION")
ONNX=$(measure "$ONNX_PREDICT" "$DURATION" "$IRIS_RECORD")
V2=$(measure "$INFER" "$DURATION" "$IRIS_TENSOR")

echo "Scoring $ROWS rows with ONNX Runtime alone, then with an MlOps batch job..."
WORK="$DATA/bench"; mkdir -p "$WORK"
BASELINE="dotnet bench/OnnxBaseline/bin/Release/net10.0/OnnxBaseline.dll"
$BASELINE generate MlOps.Tests/TestData/iris.csv "$ROWS" "$WORK/rows.csv"
BASE=$($BASELINE score "$FIXTURES/iris-mlp.onnx" "$WORK/rows.csv" "$WORK/baseline.csv")
rss_kb() { awk '/^VmRSS/ {print $2}' "/proc/$APP/status"; }
field() { sed -E "s/.*\"$1\":\"?([^\",}]*)\"?.*/\1/"; }
IDLE=$(rss_kb); PEAK=$IDLE
api -F model=iris-mlp -F version=1 -F "file=@$WORK/rows.csv" "$MLOPS/api/v1/batch-jobs" >"$WORK/job.json"
JOB=$(field id <"$WORK/job.json")
TICK=0
while true; do
  NOW=$(rss_kb); [ "$NOW" -gt "$PEAK" ] && PEAK=$NOW
  if [ $((TICK++ % 10)) -eq 0 ]; then
    api "$MLOPS/api/v1/batch-jobs/$JOB" >"$WORK/job.json"
    case "$(field status <"$WORK/job.json")" in Queued|Running) ;; Succeeded) break;; *) echo "batch job failed: $(cat "$WORK/job.json")" >&2; exit 1;; esac
  fi
  sleep 0.1
done
STARTED=$(field startedAt <"$WORK/job.json"); FINISHED=$(field finishedAt <"$WORK/job.json"); DONE=$(field rows <"$WORK/job.json")
SECONDS_DONE=$(echo "$(date -d "$FINISHED" +%s.%N) - $(date -d "$STARTED" +%s.%N)" | bc -l)
RATE=$(awk -v r="$DONE" -v s="$SECONDS_DONE" 'BEGIN { printf "%.0f", r / s }')
BASE_RATE=$(echo "$BASE" | sed -E 's/.*rows_per_s=([0-9]+).*/\1/')

echo
m=$(echo "$MLNET" | rps); o=$(echo "$ONNX" | rps); v=$(echo "$V2" | rps)
cm=$(echo "$MLNET" | cpu_us); co=$(echo "$ONNX" | cpu_us); cv=$(echo "$V2" | cpu_us)
echo "ML.NET penguins predict : $m req/s, p99 $(echo "$MLNET" | p99), failed $(echo "$MLNET" | failed), $cm us CPU per request"
echo "ONNX iris predict       : $o req/s, p99 $(echo "$ONNX" | p99), failed $(echo "$ONNX" | failed), $co us CPU per request"
echo "ONNX iris /v2 infer     : $v req/s, p99 $(echo "$V2" | p99), failed $(echo "$V2" | failed), $cv us CPU per request"
awk -v o="$o" -v m="$m" -v v="$v" 'BEGIN { printf "ratios                  : ONNX/ML.NET %.2f (target >= 0.9), v2/predict %.2f (target >= 0.9); p99 target <= 5 ms\n", o / m, v / o }'
awk -v o="$co" -v m="$cm" -v v="$cv" 'BEGIN { printf "ratios by CPU/request   : ONNX/ML.NET %.2f, v2/predict %.2f (the throughput a quiet machine would give, as a ratio)\n", m / o, o / v }'
echo "ONNX Runtime loop       : $(echo "$BASE" | sed -E 's/baseline //')"
echo "MlOps batch job         : $RATE rows/s for $DONE rows in $SECONDS_DONE s; resident memory $((IDLE / 1024)) MB idle, $((PEAK / 1024)) MB peak"
awk -v s="$RATE" -v b="$BASE_RATE" 'BEGIN { printf "batch ratio             : %.2f (target >= 0.8); peak memory target < 400 MB\n", s / b }'
echo "machine load            : $(uptime | sed -E 's/.*load average: //') (1, 5, 15 min averages; 2 cores here)"
