#!/usr/bin/env bash
# Batch scoring throughput and memory against ML.NET's own LoadFromTextFile → Transform → SaveAsText on the same
# model zip, both measured here in the same run. Memory is the MlOps.Web process's resident set (VmRSS in
# /proc/<pid>/status) sampled every 0.1 s while the job runs (upload included), next to its idle value before.
# Both sides first score a 100,000-row file untimed: the JIT optimizes hot code only after it has run a while.
# Usage: bash bench/batch.sh [rows, default 1000000] [big rows, default 5000000]
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS="${1:-1000000}"
BIG="${2:-5000000}"
KEY="bench-bootstrap-key-0123456789"
PORT=5090
URL="http://127.0.0.1:$PORT"
DATA="$(mktemp -d)"
WORK="$(mktemp -d)"
APP=""
cleanup() { if [ -n "$APP" ]; then kill "$APP" 2>/dev/null || true; wait "$APP" 2>/dev/null || true; fi; rm -rf "$DATA" "$WORK"; }
trap cleanup EXIT

echo "Machine load before building: $(uptime | sed -E 's/.*load average: //')"
dotnet build -c Release MlOps.Web -v q -nologo >/dev/null
dotnet build -c Release bench/BatchBaseline -v q -nologo >/dev/null
BASELINE="dotnet bench/BatchBaseline/bin/Release/net10.0/BatchBaseline.dll"

$BASELINE generate MlOps.Tests/TestData/penguins.csv 100000 "$WORK/warm.csv" >/dev/null
$BASELINE generate MlOps.Tests/TestData/penguins.csv "$ROWS" "$WORK/rows.csv" >/dev/null
$BASELINE generate MlOps.Tests/TestData/penguins.csv "$BIG" "$WORK/big.csv" >/dev/null

# The app itself (not `dotnet run`), so that $APP is the process whose memory is sampled.
env ${APP_ENV:-} Bootstrap__ApiKey="$KEY" Logging__LogLevel__Default=Warning MlOps__DataDirectory="$DATA" Serving__MaxCsvRequestBytes=4294967296 \
  dotnet MlOps.Web/bin/Release/net10.0/MlOps.Web.dll --urls "$URL" >"$WORK/mlops.log" 2>&1 &
APP=$!
for _ in $(seq 120); do curl -s -o /dev/null "$URL/health/live" && break; sleep 0.5; done

api() { curl -sf -H "X-Api-Key: $KEY" "$@"; }
field() { sed -E "s/.*\"$1\":\"?([^\",}]*)\"?.*/\1/"; }
rss_kb() { local key value _; while read -r key value _; do [ "$key" = VmRSS: ] && echo "$value" && return; done <"/proc/$APP/status"; }

echo "Training penguin-species (LightGbm, 1 trial) through the API..."
api -F name=penguins -F "file=@MlOps.Tests/TestData/penguins.csv" "$URL/api/v1/datasets" >/dev/null
api -H "Content-Type: application/json" -d '{"name":"penguin-species","dataset":"penguins","task":"MulticlassClassification","label":"Species","ignore":["Sex"],"trainers":["LightGbm"],"search":{"strategy":"Random","maxTrials":1},"registerModel":"penguin-species"}' \
  "$URL/api/v1/pipelines" >/dev/null
RUN=$(api -X POST "$URL/api/v1/pipelines/penguin-species/runs" | field id)
for _ in $(seq 600); do
  case "$(api "$URL/api/v1/pipeline-runs/$RUN" | field status)" in Succeeded) break;; Failed|Cancelled|Interrupted) echo "training failed" >&2; exit 1;; esac
  sleep 0.5
done
api "$URL/api/v1/models/penguin-species/versions/1/artifact" -o "$WORK/model.zip"

score() { # csv file → "rows seconds rows/s idle_MB peak_MB"; memory sampled with shell builtins only, every 0.1 s
  sleep 2
  local idle peak job status now tick=0
  idle=$(rss_kb); peak=$idle
  api -F model=penguin-species -F version=1 -F "file=@$1" "$URL/api/v1/batch-jobs" >"$WORK/job.json" &
  local upload=$!
  while kill -0 "$upload" 2>/dev/null; do now=$(rss_kb); [ "$now" -gt "$peak" ] && peak=$now; sleep 0.1; done
  wait "$upload"
  job=$(field id <"$WORK/job.json")
  while true; do
    now=$(rss_kb); [ "$now" -gt "$peak" ] && peak=$now
    if [ $((tick++ % 10)) -eq 0 ]; then
      api "$URL/api/v1/batch-jobs/$job" >"$WORK/job.json"
      status=$(field status <"$WORK/job.json")
      case "$status" in Queued|Running) ;; Succeeded) break;; *) echo "batch job $status: $(cat "$WORK/job.json")" >&2; exit 1;; esac
    fi
    sleep 0.1
  done
  local rows started finished seconds
  rows=$(field rows <"$WORK/job.json"); started=$(field startedAt <"$WORK/job.json"); finished=$(field finishedAt <"$WORK/job.json")
  seconds=$(echo "$(date -d "$finished" +%s.%N) - $(date -d "$started" +%s.%N)" | bc -l)
  awk -v r="$rows" -v s="$seconds" -v i="$idle" -v p="$peak" 'BEGIN { printf "%d %.3f %.0f %.0f %.0f\n", r, s, r / s, i / 1024, p / 1024 }'
}

LOAD_BEFORE=$(uptime | sed -E 's/.*load average: //')
echo "Scoring $ROWS rows with ML.NET alone (baseline)..."
BASE=$($BASELINE score "$WORK/model.zip" "$WORK/warm.csv" "$WORK/rows.csv" "$WORK/baseline.csv")
echo "Scoring $ROWS rows with an MlOps batch job (after a 100,000-row warm-up job)..."
score "$WORK/warm.csv" >/dev/null
read -r ROWS_DONE SECONDS_DONE RATE IDLE PEAK <<<"$(score "$WORK/rows.csv")"
echo "Scoring $BIG rows with an MlOps batch job..."
read -r BIG_DONE BIG_SECONDS BIG_RATE BIG_IDLE BIG_PEAK <<<"$(score "$WORK/big.csv")"
LOAD=$(uptime | sed -E 's/.*load average: //')
HWM=$(awk '/^VmHWM/ {printf "%.0f", $2 / 1024}' "/proc/$APP/status")

BASE_RATE=$(echo "$BASE" | sed -E 's/.*rows_per_s=([0-9]+).*/\1/')
echo
echo "ML.NET baseline   : $(echo "$BASE" | sed -E 's/baseline //')"
echo "MlOps batch (${ROWS_DONE} rows): $RATE rows/s in ${SECONDS_DONE} s; resident memory ${IDLE} MB idle, ${PEAK} MB peak (+$((PEAK - IDLE)) MB)"
echo "MlOps batch (${BIG_DONE} rows): $BIG_RATE rows/s in ${BIG_SECONDS} s; resident memory ${BIG_IDLE} MB idle, ${BIG_PEAK} MB peak (+$((BIG_PEAK - BIG_IDLE)) MB)"
awk -v s="$RATE" -v b="$BASE_RATE" 'BEGIN { printf "ratio             : %.2f (target >= 0.8)\n", s / b }'
echo "peak memory target: < 400 MB at both sizes; the process's lifetime peak (VmHWM, training included) is $HWM MB"
echo "machine load      : $LOAD_BEFORE when measuring began, $LOAD after (1, 5, 15 min averages; 2 cores here)"
