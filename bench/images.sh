#!/usr/bin/env bash
# Image classification through the real app and its REST API, each model trained by a pipeline and scored picture by
# picture through the predict API (so accuracy, training time and predict latency are what a user gets):
#   1. MNIST digits, the shared train zip (3,000) -> test zip (1,000): raw-pixel LightGBM and ResNet18Features.
#   2. Fashion-MNIST (Zalando, MIT licence; Debian package dataset-fashion-mnist), 300 per class for training and
#      100 per class of its test file: the same two pipelines, raw-pixel LightGBM as the baseline, and ResNet18Features
#      with the flipped-image pass allowed (images.flips: clothes mirror well; digits do not, so MNIST never flips).
# Usage: [CONFIG=Debug] bash bench/images.sh [mnist-train.zip mnist-test.zip]  (defaults: the copies under MlOps.Modules/Pipeline/Samples)
# Size knobs (defaults are the full run): TRAIN_PER_CLASS=300 TEST_PER_CLASS=100 RESNET_TRIALS=4 MAX_MINUTES=10
#   SETS="mnist fashion" FLIPS=1 (0 leaves out the Fashion-MNIST flips pipeline) FOLDS=5 (the ResNet search's
#   cross-validation; 1 uses the 20 % holdout). A quick end-to-end check on a loaded
#   machine: TRAIN_PER_CLASS=20 TEST_PER_CLASS=5 RESNET_TRIALS=1 CONFIG=Debug MLOPS_PORT=<free port> bash bench/images.sh
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
TRAIN_PER_CLASS="${TRAIN_PER_CLASS:-300}"
TEST_PER_CLASS="${TEST_PER_CLASS:-100}"
RESNET_TRIALS="${RESNET_TRIALS:-4}"
MAX_MINUTES="${MAX_MINUTES:-10}"
SETS="${SETS:-mnist fashion}"
FLIPS="${FLIPS:-1}"
FOLDS="${FOLDS:-5}"
HOLDOUT='{"testFraction":0.2,"seed":1}'
# The ResNet search compares configurations a point apart: 5-fold cross-validation judges them on all 3,000 pictures
# where a 20 % holdout has 600 (one picture is 0.17 points). The pixel baseline is one trial, so it keeps the holdout;
# the flips pipeline too, since the flip pass is weighed on a holdout only.
RESNET_VALIDATION=$([ "$FOLDS" -gt 1 ] && echo "{\"folds\":$FOLDS,\"seed\":1}" || echo "$HOLDOUT")
python3 bench/images/slice_zip.py "${1:-MlOps.Modules/Pipeline/Samples/mnist-digits-train.zip}" "$TRAIN_PER_CLASS" "$DATA/mnist-train.zip"
python3 bench/images/slice_zip.py "${2:-MlOps.Modules/Pipeline/Samples/mnist-digits-test.zip}" "$TEST_PER_CLASS" "$DATA/mnist-test.zip"
if [[ " $SETS " == *" fashion "* ]]; then
  FASHION=/usr/share/datasets/fashion-mnist
  [ -f "$FASHION/train-images-idx3-ubyte.gz" ] || apt-get install -y dataset-fashion-mnist >/dev/null
  python3 bench/images/fashion_to_zip.py "$FASHION/train-images-idx3-ubyte.gz" "$FASHION/train-labels-idx1-ubyte.gz" "$TRAIN_PER_CLASS" "$DATA/fashion-train.zip"
  python3 bench/images/fashion_to_zip.py "$FASHION/t10k-images-idx3-ubyte.gz" "$FASHION/t10k-labels-idx1-ubyte.gz" "$TEST_PER_CLASS" "$DATA/fashion-test.zip"
fi

CONFIG="${CONFIG:-Release}" # CONFIG=Debug reuses the build the tests use
dotnet build -c "$CONFIG" MlOps.Web -v q -nologo >/dev/null
Bootstrap__ApiKey="$KEY" Logging__LogLevel__Default=Warning MlOps__DataDirectory="$DATA" \
  dotnet run -c "$CONFIG" --no-build --project MlOps.Web --urls "$MLOPS" >"$DATA/mlops.log" 2>&1 &
PIDS+=($!)
wait_up "$MLOPS/health/live"

run_pipeline() { # name dataset trainers-json search-json validation-json [more-fields-json] -> prints "version seconds trials"
  api -H "Content-Type: application/json" -d "{\"name\":\"$1\",\"dataset\":\"$2\",\"task\":\"ImageClassification\",\"label\":\"Label\",\"trainers\":$3,\"search\":$4,\"validation\":$5,\"registerModel\":\"$1\"${6:+,$6}}" \
    "$MLOPS/api/v1/pipelines" >/dev/null
  local run; run=$(api -X POST "$MLOPS/api/v1/pipelines/$1/runs" | string_field id)
  for _ in $(seq 3600); do
    local body; body=$(api "$MLOPS/api/v1/pipeline-runs/$run")
    case "$(echo "$body" | grep -o '"status":"[A-Za-z]*"' | head -1)" in
      *Succeeded*)
        python3 -c 'import json,sys,datetime as d; r=json.load(sys.stdin); p=lambda s: d.datetime.fromisoformat(s.replace("Z","+00:00")); print(r["modelVersion"]["version"], round((p(r["finishedAt"])-p(r["startedAt"])).total_seconds()), json.dumps([[t["trainer"], t["params"], round(t["metrics"].get("accuracy", 0), 4), round(t["seconds"])] for t in r["trials"]]))' <<<"$body"
        return 0;;
      *Failed*|*Cancelled*|*Interrupted*) echo "$1: $body" >&2; exit 1;;
    esac
    sleep 1
  done
}

bench_set() { # label train.zip test.zip [pipeline...]
  api -F "name=$1" -F "file=@$2" "$MLOPS/api/v1/datasets" >/dev/null
  local resnet="{\"strategy\":\"Grid\",\"maxTrials\":$RESNET_TRIALS,\"maxMinutes\":$MAX_MINUTES}"
  local pipelines=("pixels|[\"LightGbm\"]|{\"strategy\":\"Grid\",\"maxTrials\":1}|$HOLDOUT|" "resnet|[\"ResNet18Features\"]|$resnet|$RESNET_VALIDATION|" "${@:4}")
  for pipeline in "${pipelines[@]}"; do
    IFS='|' read -r kind trainers search validation more <<<"$pipeline"
    read -r version seconds trials < <(run_pipeline "$1-$kind" "$1" "$trainers" "$search" "$validation" "$more")
    echo "$1 $kind: trained in ${seconds}s (trials: $trials)"
    echo "$1 $kind: test set through the predict API: $(python3 bench/images/evaluate.py "$MLOPS" "$KEY" "$1-$kind" "$version" "$3")"
  done
}

echo "cores: $(nproc), load average: $(cut -d' ' -f1-3 /proc/loadavg)"
if [[ " $SETS " == *" mnist "* ]]; then bench_set mnist "$DATA/mnist-train.zip" "$DATA/mnist-test.zip"; fi
if [[ " $SETS " == *" fashion "* ]]; then
  flips=()
  [ "$FLIPS" = 1 ] && flips=("resnet-flips|[\"ResNet18Features\"]|{\"strategy\":\"Grid\",\"maxTrials\":$RESNET_TRIALS,\"maxMinutes\":$MAX_MINUTES}|$HOLDOUT|\"images\":{\"flips\":true}")
  bench_set fashion "$DATA/fashion-train.zip" "$DATA/fashion-test.zip" "${flips[@]}"
fi
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
