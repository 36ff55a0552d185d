#!/usr/bin/env bash
# Training quality on the full sample data and MlOps's overhead on one MNIST trial.
# Usage: bash bench/pipeline.sh [repeats]
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet run -c Release --project bench/Pipeline -- MlOps.Modules/Pipeline/Samples "${1:-3}"
