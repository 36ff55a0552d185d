# Shared by bench/serving.sh and bench/monitoring.sh; source it from the repository root. Starts MlOps (temporary data
# directory, bootstrap key, warnings-only logs) on :5080 and the bare JSON echo app bench/EchoFloor on :5081 (or
# $MLOPS_PORT and $ECHO_PORT), trains and promotes the penguin-species model through the API, drives both with wrk and
# reads its output.
KEY="bench-bootstrap-key-0123456789"
MLOPS_PORT="${MLOPS_PORT:-5080}"
ECHO_PORT="${ECHO_PORT:-5081}"
MLOPS="http://127.0.0.1:$MLOPS_PORT"
PREDICT=/api/v1/models/penguin-species/predict
DATA="$(mktemp -d)"
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do pkill -TERM -P "$p" 2>/dev/null || true; kill "$p" 2>/dev/null || true; done; rm -rf "$DATA"; }
trap cleanup EXIT

api() { curl -sf -H "X-Api-Key: $KEY" "$@"; }
wait_up() { for _ in $(seq 120); do curl -s -o /dev/null "$1" && return 0; sleep 0.5; done; echo "no answer from $1" >&2; exit 1; }
string_field() { sed -E "s/.*\"$1\":\"([^\"]+)\".*/\1/"; } # a string field of a JSON object (its last occurrence)
number_field() { sed -E "s/.*\"$1\":([0-9]+).*/\1/"; }
wrk_run() { # path, key, duration, port
  WRK_PATH="$1" MLOPS_KEY="$2" wrk -t2 -c32 -d"$3" --latency -s bench/serving/predict.lua "http://127.0.0.1:$4"
}
rps() { awk '/Requests\/sec/ {print $2}'; }
p99() { awk '$1=="99%" {print $2}'; }
requests() { awk '/requests in/ {print $1}'; }
non2xx() { awk '/Non-2xx or 3xx responses/ {n=$5} END {print (n==""?0:n)}'; }
in_ms() { awk '{v = $1; if (v ~ /us$/) { sub(/us$/, "", v); v /= 1000 } else if (v ~ /ms$/) sub(/ms$/, "", v); else if (v ~ /s$/) { sub(/s$/, "", v); v *= 1000 } print v}'; }
med() { echo "$1" | tr ' ' '\n' | grep -v '^$' | in_ms | sort -n | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; } # the median of a space-separated list (wrk's latencies in ms)
failed() { awk '/Non-2xx or 3xx responses/ {n=$5} /Socket errors/ {s=$0} END {print (n==""?0:n) (s==""?"":" ("s")")}'; }

start_apps() {
  for port in "$MLOPS_PORT" "$ECHO_PORT"; do
    if curl -s -o /dev/null "http://127.0.0.1:$port/"; then echo "port $port is in use: set MLOPS_PORT and ECHO_PORT" >&2; exit 1; fi
  done
  dotnet build -c Release bench/EchoFloor -v q -nologo >/dev/null
  dotnet build -c Release MlOps.Web -v q -nologo >/dev/null
  Logging__LogLevel__Default=Warning dotnet run -c Release --no-build --project bench/EchoFloor --urls "http://127.0.0.1:$ECHO_PORT" >/dev/null 2>&1 &
  PIDS+=($!)
  Bootstrap__ApiKey="$KEY" Logging__LogLevel__Default=Warning MlOps__DataDirectory="$DATA" \
    dotnet run -c Release --no-build --project MlOps.Web --urls "$MLOPS" >"$DATA/mlops.log" 2>&1 &
  PIDS+=($!)
  wait_up "http://127.0.0.1:$ECHO_PORT/"
  wait_up "$MLOPS/health/live"
}

define_species() { # the dataset, the pipeline and a second Admin key to approve promotions with
  echo "Training penguin-species (LightGbm, 1 trial) through the API..."
  api -F name=penguins -F "file=@MlOps.Tests/TestData/penguins.csv" "$MLOPS/api/v1/datasets" >/dev/null
  api -H "Content-Type: application/json" -d '{"name":"penguin-species","dataset":"penguins","task":"MulticlassClassification","label":"Species","ignore":["Sex"],"trainers":["LightGbm"],"search":{"strategy":"Random","maxTrials":1},"registerModel":"penguin-species"}' \
    "$MLOPS/api/v1/pipelines" >/dev/null
  APPROVER=$(second_admin_key "$MLOPS")
}

second_admin_key() { # base url -> an Admin key of a second person: four-eyes compares people, and a key made with the bootstrap key is the bootstrap Admin's
  local jar email password="Approver-Pass-1!" token
  jar=$(mktemp -p "$DATA") email="approver-$RANDOM$RANDOM@bench.test"
  api -H "Content-Type: application/json" -d "{\"email\":\"$email\",\"password\":\"$password\",\"role\":\"Admin\"}" "$1/api/v1/admin/users" >/dev/null
  token=$(curl -sf -c "$jar" -b "$jar" "$1/login" | sed -nE 's/.*name="__RequestVerificationToken" value="([^"]+)".*/\1/p' | head -1)
  curl -sf -o /dev/null -c "$jar" -b "$jar" --data-urlencode "email=$email" --data-urlencode "password=$password" --data-urlencode "returnUrl=/" \
    --data-urlencode "__RequestVerificationToken=$token" "$1/account/login"
  curl -sf -b "$jar" -H "Origin: $1" -H "Content-Type: application/json" -d '{"name":"bench-approver","role":"Admin"}' "$1/api/v1/admin/api-keys" | string_field key
}

train() {
  local run; run=$(api -X POST "$MLOPS/api/v1/pipelines/penguin-species/runs" | string_field id)
  for _ in $(seq 600); do
    local status; status=$(api "$MLOPS/api/v1/pipeline-runs/$run" | string_field status)
    case "$status" in Succeeded) return 0;; Failed|Cancelled|Interrupted) echo "training $status" >&2; exit 1;; esac
    sleep 0.5
  done
}

promote() { # version -> approves the promotion request at once or after $2 seconds
  local id; id=$(api -H "Content-Type: application/json" -d "{\"version\":$1,\"reason\":\"bench\"}" "$MLOPS/api/v1/models/penguin-species/promotions" | string_field id)
  sleep "${2:-0}"
  curl -sf -o /dev/null -H "X-Api-Key: $APPROVER" -H "Content-Type: application/json" -d '{"comment":"bench"}' "$MLOPS/api/v1/promotions/$id/approve"
}

measure_throughput() { # duration -> ECHO and SERVE hold wrk's output for the echo floor and for predict
  # MlOps has far more code than the echo floor to bring to its optimised tier: measured steady state needs ~20 s of load first.
  local warm=20s
  echo "Warming up both apps ($warm each)..."
  wrk_run /echo "" "$warm" "$ECHO_PORT" >/dev/null
  wrk_run "$PREDICT" "$KEY" "$warm" "$MLOPS_PORT" >/dev/null
  echo "Measuring: wrk -t2 -c32 -d$1"
  ECHO=$(wrk_run /echo "" "$1" "$ECHO_PORT")
  SERVE=$(wrk_run "$PREDICT" "$KEY" "$1" "$MLOPS_PORT")
}

print_throughput() {
  local e s; e=$(echo "$ECHO" | rps); s=$(echo "$SERVE" | rps)
  echo "echo floor        : $e req/s, p99 $(echo "$ECHO" | p99)"
  echo "predict (1 record): $s req/s, p99 $(echo "$SERVE" | p99), failed $(echo "$SERVE" | failed)"
  awk -v s="$s" -v e="$e" 'BEGIN { printf "ratio             : %.2f (target >= 0.75)\n", s / e }'
}
