#!/usr/bin/env bash
# Scale-out figures, each against a baseline measured here in the same run:
#   1. tracking ingest (log-batch over HTTP) and run search over N seeded runs, on PostgreSQL against SQLite;
#   2. single-record predict with the prediction log on, on PostgreSQL against SQLite: both apps stay up and are measured
#      in turn over several rounds (a quiet or busy spell of the shared machine then falls on both), medians reported;
#   3. two replicas on one PostgreSQL database behind nginx against one replica behind the same nginx.
# It starts a throwaway PostgreSQL server of its own (from /usr/lib/postgresql/*/bin) and the apps it measures on free
# loopback ports, and stops them all at the end. The model is the PyTorch-exported iris MLP of the tests (uploaded, no training).
# Usage: bash bench/scale-out.sh [--runs=100000] [--ingest-calls=400] [--duration=20s] [--warm=10s] [--rounds=3]
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=100000 INGEST_CALLS=400 DURATION=20s WARM=10s ROUNDS=3
for arg in "$@"; do
  case "$arg" in
    --runs=*) RUNS="${arg#*=}" ;;
    --ingest-calls=*) INGEST_CALLS="${arg#*=}" ;;
    --duration=*) DURATION="${arg#*=}" ;;
    --warm=*) WARM="${arg#*=}" ;;
    --rounds=*) ROUNDS="${arg#*=}" ;;
    *) sed -n 's/^# Usage: //p' "$0" >&2; exit 2 ;;
  esac
done
source bench/lib.sh
MODEL=iris-scale-out
PREDICT_PATH=/api/v1/models/$MODEL/predict
export WRK_BODY='{"records":[{"sepal_length":6.1,"sepal_width":2.8,"petal_length":4.7,"petal_width":1.2}]}'

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
as_postgres() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -n "$PG_BIN" ] || { echo "PostgreSQL's binaries are not in /usr/lib/postgresql/*/bin (apt-get install postgresql)" >&2; exit 1; }
PG_DIR=$(mktemp -d /tmp/mlops-bench-pg.XXXXXX)
PG_PORT=$(free_port)
stop_all() {
  cleanup
  as_postgres "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$PG_DIR"
}
trap stop_all EXIT

echo "building (Release)…"
dotnet build MlOps.Web -c Release -v q -nologo >/dev/null
dotnet build bench/experiments/ExperimentsBench -c Release -v q -nologo >/dev/null

[ "$(id -u)" -ne 0 ] || chown postgres "$PG_DIR"
as_postgres "$PG_BIN/initdb" -D "$PG_DIR/data" -A trust -U postgres >/dev/null
as_postgres "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/log" -w -o "-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1 -c max_connections=300" start >/dev/null
psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -qc "CREATE DATABASE mlops" >/dev/null
PG="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=mlops"
echo "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PG_PORT (default durability settings)"

start_app() { # provider, data directory -> APP_URL, APP_PID
  local port; port=$(free_port)
  mkdir -p "$2"
  APP_URL="http://127.0.0.1:$port"
  local database=()
  [ "$1" = PostgreSql ] && database=(MlOps__Database__Provider=PostgreSql "ConnectionStrings__MlOps=$PG")
  (cd MlOps.Web/bin/Release/net10.0 && exec env "${database[@]}" MlOps__DataDirectory="$2" Bootstrap__ApiKey="$KEY" Logging__LogLevel__Default=Warning \
    ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_URLS="$APP_URL" dotnet MlOps.Web.dll >>"$2/app.log" 2>&1) &
  APP_PID=$!
  PIDS+=("$APP_PID")
  for _ in $(seq 240); do curl -fs -o /dev/null "$APP_URL/health/ready" && return 0; sleep 0.5; done
  echo "the app on $1 did not become ready:" >&2; tail -20 "$2/app.log" >&2; exit 1
}

stop_app() { kill "$1"; wait "$1" 2>/dev/null || true; }

serve_iris() { # base url: registers the iris MLP twice over and promotes version 1 (requested by the bootstrap key, approved by a second Admin key)
  local form=(-F "file=@MlOps.Tests/TestData/onnx/iris-mlp.onnx" -F "signature=<MlOps.Tests/TestData/onnx/iris-mlp.signature.json")
  api "${form[@]}" "$1/api/v1/models/$MODEL/versions" >/dev/null
  local approver; approver=$(second_admin_key "$1")
  local id; id=$(api -H "Content-Type: application/json" -d '{"version":1,"reason":"bench"}' "$1/api/v1/models/$MODEL/promotions" | string_field id)
  curl -sf -o /dev/null -H "X-Api-Key: $approver" -H "Content-Type: application/json" -d '{"comment":"bench"}' "$1/api/v1/promotions/$id/approve"
}

predict_load() { # base url -> wrk's output for the predict route after a warm-up
  local port="${1##*:}"
  wrk_run "$PREDICT_PATH" "$KEY" "$WARM" "$port" >/dev/null
  wrk_run "$PREDICT_PATH" "$KEY" "$DURATION" "$port"
}

experiments() { # provider, data directory -> ExperimentsBench output
  local target=(--db="$2/mlops.db")
  [ "$1" = PostgreSql ] && target=(--postgres="$PG")
  dotnet bench/experiments/ExperimentsBench/bin/Release/net10.0/ExperimentsBench.dll --url="$APP_URL" --key="$KEY" "${target[@]}" \
    --runs="$RUNS" --ingest-calls="$INGEST_CALLS" --phases=ingest,search
}

cpu_ticks() { local total=0 pid; for pid in "$@"; do [ -r "/proc/$pid/stat" ] && total=$((total + $(awk '{print $14 + $15}' "/proc/$pid/stat"))); done; echo "$total"; }
pg_pids() { local main; main=$(head -1 "$PG_DIR/data/postmaster.pid"); echo "$main" $(pgrep -P "$main"); }
per_request_us() { awk -v t="$1" -v n="$2" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.0f", t / hz * 1e6 / n }'; } # ticks, requests

declare -A INGEST SEARCH URL PID RPS P99 FAILED APP_US DB_US
for provider in Sqlite PostgreSql; do
  echo
  echo "=== $provider: tracking ingest, run search over $RUNS runs ==="
  start_app "$provider" "$DATA/$provider"
  URL[$provider]=$APP_URL PID[$provider]=$APP_PID
  out=$(experiments "$provider" "$DATA/$provider")
  echo "$out"
  INGEST[$provider]=$(echo "$out" | awk '/^ingest rate:/ { gsub(",", "", $3); print $3; exit }')
  SEARCH[$provider]=$(echo "$out" | awk '/search latency/ { for (i = 1; i <= NF; i++) if ($i == "median") { print $(i + 1); exit } }')
  serve_iris "$APP_URL"
  wrk_run "$PREDICT_PATH" "$KEY" "$WARM" "${APP_URL##*:}" >/dev/null
done

echo
echo "=== Predict, prediction log on: $ROUNDS rounds of wrk -t2 -c32 -d$DURATION on SQLite, then on PostgreSQL ==="
for round in $(seq "$ROUNDS"); do
  for provider in Sqlite PostgreSql; do
    # The CPU the app and the database server spend per request, sampled around the measured run only.
    app_before=$(cpu_ticks "${PID[$provider]}"); db_before=$(cpu_ticks $(pg_pids))
    out=$(wrk_run "$PREDICT_PATH" "$KEY" "$DURATION" "${URL[$provider]##*:}")
    n=$(echo "$out" | requests)
    APP_US[$provider]+="$(per_request_us $(( $(cpu_ticks "${PID[$provider]}") - app_before )) "$n") "
    DB_US[$provider]+="$(per_request_us $(( $(cpu_ticks $(pg_pids)) - db_before )) "$n") "
    RPS[$provider]+="$(echo "$out" | rps) "; P99[$provider]+="$(echo "$out" | p99) "; FAILED[$provider]+="$(echo "$out" | failed) "
  done
  echo "round $round: SQLite $(echo "${RPS[Sqlite]}" | awk '{print $NF}') req/s, PostgreSQL $(echo "${RPS[PostgreSql]}" | awk '{print $NF}') req/s"
done
for provider in Sqlite PostgreSql; do stop_app "${PID[$provider]}"; done

echo
echo "=== Replicas behind nginx: one, then two, on the PostgreSQL database above (they share its data directory, as they would a volume) ==="
start_app PostgreSql "$DATA/PostgreSql"; A_URL=$APP_URL
start_app PostgreSql "$DATA/PostgreSql"; B_URL=$APP_URL
nginx_in_front() { # name, upstream servers... -> NGINX_URL
  local dir="$DATA/nginx-$1" port; port=$(free_port); shift
  mkdir -p "$dir"
  {
    [ "$(id -u)" -eq 0 ] && echo "user root;"
    echo "worker_processes auto; pid $dir/nginx.pid; error_log $dir/error.log warn;"
    echo "events { worker_connections 4096; }"
    echo "http { access_log off; client_body_temp_path $dir/body; proxy_temp_path $dir/proxy; fastcgi_temp_path $dir/fastcgi; uwsgi_temp_path $dir/uwsgi; scgi_temp_path $dir/scgi;"
    echo "  upstream mlops { least_conn; $(for s in "$@"; do echo "server ${s#http://};"; done) keepalive 64; }"
    echo "  server { listen 127.0.0.1:$port; location / { proxy_pass http://mlops; proxy_http_version 1.1; proxy_set_header Connection \"\"; proxy_set_header Host \$host; } }"
    echo "}"
  } >"$dir/nginx.conf"
  nginx -p "$dir" -c "$dir/nginx.conf" -g "daemon off;" &
  PIDS+=($!)
  NGINX_URL="http://127.0.0.1:$port"
  for _ in $(seq 40); do curl -fs -o /dev/null "$NGINX_URL/health/live" && return 0; sleep 0.25; done
  echo "nginx did not answer; its log:" >&2; cat "$dir/error.log" >&2; exit 1
}
nginx_in_front one "$A_URL"; ONE=$(predict_load "$NGINX_URL")
nginx_in_front two "$A_URL" "$B_URL"; TWO=$(predict_load "$NGINX_URL")
echo "--- wrk, predict through nginx to one replica ---"; echo "$ONE"
echo "--- wrk, predict through nginx to two replicas ---"; echo "$TWO"

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }
echo
echo "=== Scale-out summary ($(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)) ==="
echo "tracking ingest (log-batch): PostgreSQL ${INGEST[PostgreSql]} points/s = $(ratio "${INGEST[PostgreSql]}" "${INGEST[Sqlite]}") × SQLite's ${INGEST[Sqlite]} (target on PostgreSQL >= 100,000/s)"
echo "run search over $RUNS runs, median: PostgreSQL ${SEARCH[PostgreSql]} ms = $(ratio "${SEARCH[PostgreSql]}" "${SEARCH[Sqlite]}") × SQLite's ${SEARCH[Sqlite]} ms (target <= 100 ms)"
echo "predict, 1 record, prediction log on, medians of $ROUNDS rounds: PostgreSQL $(med "${RPS[PostgreSql]}") req/s (p99 $(med "${P99[PostgreSql]}") ms, failed ${FAILED[PostgreSql]}) = $(ratio "$(med "${RPS[PostgreSql]}")" "$(med "${RPS[Sqlite]}")") × SQLite's $(med "${RPS[Sqlite]}") req/s (p99 $(med "${P99[Sqlite]}") ms, failed ${FAILED[Sqlite]}) (target >= 0.90)"
echo "  per round: PostgreSQL ${RPS[PostgreSql]}req/s; SQLite ${RPS[Sqlite]}req/s"
echo "CPU per predict request, medians: on SQLite the app $(med "${APP_US[Sqlite]}") µs (it writes the log itself); on PostgreSQL the app $(med "${APP_US[PostgreSql]}") µs + the database server $(med "${DB_US[PostgreSql]}") µs (the server while SQLite ran: $(med "${DB_US[Sqlite]}") µs)"
echo "two replicas behind nginx: $(echo "$TWO" | rps) req/s (p99 $(echo "$TWO" | p99), failed $(echo "$TWO" | failed)) = $(ratio "$(echo "$TWO" | rps)" "$(echo "$ONE" | rps)") × one replica behind nginx, $(echo "$ONE" | rps) req/s (p99 $(echo "$ONE" | p99), failed $(echo "$ONE" | failed)) (no gain expected on 2 cores)"
