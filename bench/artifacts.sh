#!/usr/bin/env bash
# Run-artifact upload and download through the REST API on the file-system store and on an S3 store (s3rver on
# loopback), measured in one run: MB/s each way and the MlOps.Web process's peak resident set (VmRSS, sampled every
# 0.1 s) next to its idle value, to show that neither store holds a whole artifact in memory.
# Needs s3rver on PATH (npm install -g s3rver@3.7.1). Usage: bash bench/artifacts.sh [megabytes, default 512]
set -euo pipefail
cd "$(dirname "$0")/.."
MB="${1:-512}"
KEY="bench-bootstrap-key-0123456789"
PORT=5095
S3_PORT=5096
URL="http://127.0.0.1:$PORT"
WORK="$(mktemp -d)"
APP=""
S3=""
stop_app() { if [ -n "$APP" ]; then kill "$APP" 2>/dev/null || true; wait "$APP" 2>/dev/null || true; APP=""; fi; }
cleanup() { stop_app; if [ -n "$S3" ]; then kill "$S3" 2>/dev/null || true; wait "$S3" 2>/dev/null || true; fi; rm -rf "$WORK"; }
trap cleanup EXIT

command -v s3rver >/dev/null || { echo "s3rver is not on PATH: npm install -g s3rver@3.7.1" >&2; exit 1; }
echo "Machine load before building: $(uptime | sed -E 's/.*load average: //')"
dotnet build -c Release MlOps.Web -v q -nologo >/dev/null
head -c "$((MB * 1024 * 1024))" /dev/urandom >"$WORK/artifact.bin"
mkdir -p "$WORK/s3"
s3rver --directory "$WORK/s3" --address 127.0.0.1 --port "$S3_PORT" --silent --configure-bucket bench >/dev/null 2>&1 &
S3=$!

api() { curl -sf -H "X-Api-Key: $KEY" "$@"; }
field() { sed -E "s/.*\"$1\":\"?([^\",}]*)\"?.*/\1/"; }
rss_kb() { local key value _; while read -r key value _; do [ "$key" = VmRSS: ] && echo "$value" && return; done <"/proc/$APP/status"; }

start_app() { # extra environment for the store
  mkdir -p "$WORK/data-$1"
  env "${@:2}" Bootstrap__ApiKey="$KEY" Logging__LogLevel__Default=Warning MlOps__DataDirectory="$WORK/data-$1" \
    Experiments__MaxArtifactBytes=$((MB * 1024 * 1024 + 1)) Kestrel__Limits__MaxRequestBodySize=$((MB * 1024 * 1024 + 1)) \
    dotnet MlOps.Web/bin/Release/net10.0/MlOps.Web.dll --urls "$URL" >"$WORK/mlops-$1.log" 2>&1 &
  APP=$!
  for _ in $(seq 240); do curl -s -o /dev/null "$URL/health/live" && return 0; sleep 0.5; done
  echo "MlOps did not start; see its log:" >&2; cat "$WORK/mlops-$1.log" >&2; exit 1
}

timed() { # command... → "seconds peak_kB" while sampling the app's memory
  local peak now started
  peak=$(rss_kb); started=$(date +%s.%N)
  "$@" &
  local job=$!
  while kill -0 "$job" 2>/dev/null; do now=$(rss_kb); [ "$now" -gt "$peak" ] && peak=$now; sleep 0.1; done
  wait "$job"
  echo "$(echo "$(date +%s.%N) - $started" | bc -l) $peak"
}

measure() { # store name, extra environment...
  start_app "$@"
  sleep 2
  local idle experiment run up down
  idle=$(rss_kb)
  experiment=$(api -H "Content-Type: application/json" -d "{\"name\":\"bench-$1\"}" "$URL/api/v1/experiments" | field id)
  run=$(api -H "Content-Type: application/json" -d '{}' "$URL/api/v1/experiments/$experiment/runs" | field id)
  read -r up up_peak <<<"$(timed api -X PUT --data-binary "@$WORK/artifact.bin" -o /dev/null "$URL/api/v1/runs/$run/artifacts/artifact.bin")"
  read -r down down_peak <<<"$(timed api -o "$WORK/downloaded.bin" "$URL/api/v1/runs/$run/artifacts/artifact.bin")"
  cmp -s "$WORK/artifact.bin" "$WORK/downloaded.bin" || { echo "$1: the download differs from the upload" >&2; exit 1; }
  awk -v s="$1" -v mb="$MB" -v u="$up" -v d="$down" -v i="$idle" -v up="$up_peak" -v dp="$down_peak" \
    'BEGIN { printf "| %s | %.0f | %.0f | %.0f | %.0f | %.0f |\n", s, mb / u, mb / d, i / 1024, up / 1024, dp / 1024 }'
  stop_app
}

echo
echo "A $MB MB artifact, PUT then GET through /api/v1/runs/{id}/artifacts, one client (curl), loopback:"
echo "| store | upload MB/s | download MB/s | idle RSS MB | peak RSS upload MB | peak RSS download MB |"
echo "|---|---|---|---|---|---|"
measure FileSystem MlOps__Artifacts__Provider=FileSystem
measure S3 MlOps__Artifacts__Provider=S3 MlOps__Artifacts__S3__ServiceUrl="http://127.0.0.1:$S3_PORT" MlOps__Artifacts__S3__Bucket=bench \
  MlOps__Artifacts__S3__ForcePathStyle=true AWS_ACCESS_KEY_ID=S3RVER AWS_SECRET_ACCESS_KEY=S3RVER
echo "Machine load after: $(uptime | sed -E 's/.*load average: //')"
