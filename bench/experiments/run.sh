#!/usr/bin/env bash
# Benchmarks the Experiments module against the real app on 127.0.0.1 and prints the figures.
# KEEP_DATA=1 keeps the temporary data directory (SQLite file) for inspection.
# Usage: bench/experiments/run.sh [--runs=100000] [--ingest-calls=400] [--ingest-workers=4] [--search-samples=51] [--phases=ingest,writer,search,page,mlflow-ingest,mlflow-search]
set -euo pipefail

root="$(cd "$(dirname "$0")/../.." && pwd)"
# A free loopback port, so the bench never talks to another app on a fixed one.
port="${PORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}"
data="$(mktemp -d /tmp/mlops-bench-XXXXXX)"
key="bench-key-$(date +%s)-0123456789"
email="bench@mlops.test"
password="Bench-Pass-123!"

echo "building (Release)…"
dotnet build "$root/MlOps.Web/MlOps.Web.csproj" -c Release -v q -nologo >/dev/null
dotnet build "$root/bench/experiments/ExperimentsBench/ExperimentsBench.csproj" -c Release -v q -nologo >/dev/null

cd "$root"
MlOps__DataDirectory="$data" Bootstrap__ApiKey="$key" Bootstrap__AdminEmail="$email" Bootstrap__AdminPassword="$password" \
  Logging__LogLevel__Default=Warning ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_URLS="http://127.0.0.1:$port" \
  dotnet "$root/MlOps.Web/bin/Release/net10.0/MlOps.Web.dll" >"$data/app.log" 2>&1 &
app=$!
cleanup() {
  kill "$app" 2>/dev/null || true
  wait "$app" 2>/dev/null || true
  if [ -n "${KEEP_DATA:-}" ]; then echo "data kept in $data"; else rm -rf "$data"; fi
}
trap cleanup EXIT

for _ in $(seq 1 120); do
  curl -fs "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1 && break
  sleep 0.5
done
curl -fs "http://127.0.0.1:$port/health/ready" >/dev/null || { echo "the app did not become ready:"; cat "$data/app.log"; exit 1; }

cpu_seconds() { awk -v hz="$(getconf CLK_TCK)" '{ printf "%.2f", ($14 + $15) / hz }' "/proc/$app/stat"; }
before="$(cpu_seconds)"
dotnet "$root/bench/experiments/ExperimentsBench/bin/Release/net10.0/ExperimentsBench.dll" \
  --url="http://127.0.0.1:$port" --key="$key" --db="$data/mlops.db" --email="$email" --password="$password" "$@"
echo
echo "== Machine =="
echo "app CPU time during the benchmark: $(awk -v a="$before" -v b="$(cpu_seconds)" 'BEGIN { printf "%.2f", b - a }') s; load average now: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores (shared with other work)"
