#!/usr/bin/env bash
# ONNX serving against ML.NET serving and against ONNX Runtime alone, measured here in the same run:
#  1. single-record predict of the iris MLP (ONNX) vs the penguin-species LightGbm model (ML.NET), wrk -t2 -c32, in
#     rounds that take the routes in turn (a quiet spell or a busy one then falls on every route), medians reported,
#     with the bare Kestrel echo floor of bench/EchoFloor under the same load for the p99 a route cannot beat here;
#  2. /v2/models/iris-mlp/infer with one record vs the JSON predict route on the same model;
#  3. a batch job over 1,000,000 iris rows vs bench/OnnxBaseline (a hand-written ONNX Runtime loop on the same file),
#     taken in turns for the same rounds, medians reported, with the MlOps.Web process's resident memory sampled every 0.1 s.
# Usage: bash bench/onnx.sh [duration per route and round, default 10s] [rows, default 1000000] [rounds, default 3]
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION="${1:-10s}"
ROWS="${2:-1000000}"
ROUNDS="${3:-3}"
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
echo "Measuring: $ROUNDS rounds of wrk -t2 -c32 -d$DURATION on each route in turn"
declare -A RPS CPU P99 FAILED
for round in $(seq "$ROUNDS"); do
  for route in echo mlnet onnx v2; do
    case $route in
      echo) out=$(wrk_run /echo "" "$DURATION" "$ECHO_PORT"; echo "cpu_ticks 0") ;;
      mlnet) out=$(measure "$PREDICT" "$DURATION") ;;
      onnx) out=$(measure "$ONNX_PREDICT" "$DURATION" "$IRIS_RECORD") ;;
      v2) out=$(measure "$INFER" "$DURATION" "$IRIS_TENSOR") ;;
    esac
    RPS[$route]+="$(echo "$out" | rps) "; CPU[$route]+="$(echo "$out" | cpu_us) "; P99[$route]+="$(echo "$out" | p99) "; FAILED[$route]+="$(echo "$out" | failed) "
  done
  last() { echo "$1" | awk '{print $NF}'; }
  echo "  round $round (req/s, p99 ms): echo floor $(last "${RPS[echo]}") $(last "${P99[echo]}" | in_ms), ML.NET $(last "${RPS[mlnet]}") $(last "${P99[mlnet]}" | in_ms), ONNX $(last "${RPS[onnx]}") $(last "${P99[onnx]}" | in_ms), /v2 $(last "${RPS[v2]}") $(last "${P99[v2]}" | in_ms)"
done

echo "Scoring $ROWS rows with ONNX Runtime alone, then with an MlOps batch job, in $ROUNDS rounds..."
WORK="$DATA/bench"; mkdir -p "$WORK"
BASELINE="dotnet bench/OnnxBaseline/bin/Release/net10.0/OnnxBaseline.dll"
$BASELINE generate MlOps.Tests/TestData/iris.csv "$ROWS" "$WORK/rows.csv"
rss_kb() { awk '/^VmRSS/ {print $2}' "/proc/$APP/status"; }
field() { sed -E "s/.*\"$1\":\"?([^\",}]*)\"?.*/\1/"; }
batch_job() { # scores rows.csv as a batch job, sampling the app's resident memory into PEAK; prints rows per second
  local job tick=0 now started finished rows
  api -F model=iris-mlp -F version=1 -F "file=@$WORK/rows.csv" "$MLOPS/api/v1/batch-jobs" >"$WORK/job.json"
  job=$(field id <"$WORK/job.json")
  while true; do
    now=$(rss_kb); [ "$now" -gt "$PEAK" ] && PEAK=$now
    if [ $((tick++ % 10)) -eq 0 ]; then
      api "$MLOPS/api/v1/batch-jobs/$job" >"$WORK/job.json"
      case "$(field status <"$WORK/job.json")" in Queued|Running) ;; Succeeded) break;; *) echo "batch job failed: $(cat "$WORK/job.json")" >&2; exit 1;; esac
    fi
    sleep 0.1
  done
  started=$(field startedAt <"$WORK/job.json"); finished=$(field finishedAt <"$WORK/job.json"); rows=$(field rows <"$WORK/job.json")
  awk -v r="$rows" -v s="$(echo "$(date -d "$finished" +%s.%N) - $(date -d "$started" +%s.%N)" | bc -l)" 'BEGIN { printf "%.0f", r / s }'
}
IDLE=$(rss_kb); PEAK=$IDLE; JOBS=""; LOOPS=""
for round in $(seq "$ROUNDS"); do # in turns, like the routes: the machine's speed moves between minutes
  BASE=$($BASELINE score "$FIXTURES/iris-mlp.onnx" "$WORK/rows.csv" "$WORK/baseline.csv")
  LOOPS+="$(echo "$BASE" | sed -E 's/.*rows_per_s=([0-9]+).*/\1/') "
  batch_job >"$WORK/rate"; JOBS+="$(cat "$WORK/rate") " # not $(batch_job): a subshell would lose its PEAK
  echo "  round $round: ONNX Runtime loop $(echo "$LOOPS" | awk '{print $NF}') rows/s, MlOps batch job $(echo "$JOBS" | awk '{print $NF}') rows/s"
done
RATE=$(med "$JOBS"); BASE_RATE=$(med "$LOOPS")

echo
m=$(med "${RPS[mlnet]}"); o=$(med "${RPS[onnx]}"); v=$(med "${RPS[v2]}")
cm=$(med "${CPU[mlnet]}"); co=$(med "${CPU[onnx]}"); cv=$(med "${CPU[v2]}")
echo "medians of $ROUNDS rounds (failed requests, per round):"
echo "echo floor (bare Kestrel): $(med "${RPS[echo]}") req/s, p99 $(med "${P99[echo]}") ms: no route answers faster under this load on this machine"
echo "ML.NET penguins predict : $m req/s, p99 $(med "${P99[mlnet]}") ms, failed ${FAILED[mlnet]}, $cm us CPU per request"
echo "ONNX iris predict       : $o req/s, p99 $(med "${P99[onnx]}") ms, failed ${FAILED[onnx]}, $co us CPU per request"
echo "ONNX iris /v2 infer     : $v req/s, p99 $(med "${P99[v2]}") ms, failed ${FAILED[v2]}, $cv us CPU per request"
awk -v o="$o" -v m="$m" -v v="$v" 'BEGIN { printf "ratios                  : ONNX/ML.NET %.2f (target >= 0.9), v2/predict %.2f (target >= 0.9); p99 target <= 5 ms\n", o / m, v / o }'
awk -v o="$co" -v m="$cm" -v v="$cv" 'BEGIN { printf "ratios by CPU/request   : ONNX/ML.NET %.2f, v2/predict %.2f (the throughput a quiet machine would give, as a ratio)\n", m / o, o / v }'
echo "ONNX Runtime loop       : $BASE_RATE rows/s over $ROWS rows (median; last run: $(echo "$BASE" | sed -E 's/baseline //'))"
echo "MlOps batch job         : $RATE rows/s over $ROWS rows (median); resident memory $((IDLE / 1024)) MB idle, $((PEAK / 1024)) MB peak"
awk -v s="$RATE" -v b="$BASE_RATE" 'BEGIN { printf "batch ratio             : %.2f (target >= 0.8); peak memory target < 400 MB\n", s / b }'
echo "machine load            : $(uptime | sed -E 's/.*load average: //') (1, 5, 15 min averages; 2 cores here)"
