#!/usr/bin/env bash
# The MLflow API's figures, from the Experiments benchmark on the same running app: native log-batch and MLflow
# log-batch ingest (target: MLflow >= 0.8 x native points/s), and MLflow runs/search with an MLflow filter over
# 100,000 seeded runs (target: median <= 100 ms).
# Usage: bench/mlflow.sh [--runs=100000] [--ingest-calls=400] [--ingest-workers=4] [--search-samples=51]
set -euo pipefail
cd "$(dirname "$0")/.."
exec bench/experiments/run.sh --phases=ingest,mlflow-ingest,mlflow-search "$@"
