#!/usr/bin/env bash
# Frames per second of the bundled CenterNet (MobileNetV3, COCO, 512x512 input) on this machine's CPU,
# run by mmstream's TensorFlow.js graph runner on DJL/PyTorch, against the reference in the same run:
# TensorFlow.js itself (@tensorflow/tfjs 4, its pure-JavaScript CPU backend, installed here from npm
# into bench/out/tfjs; tfjs-node, the native backend, downloads TensorFlow at install time and cannot
# be installed on a machine without internet beyond the registries) on the same model file and the
# same four photographs (Debian's python3-skimage), prepared the same way. Both print each photo's top
# object first, so the two can be seen to agree, then time FRAMES detections after that warm-up pass.
# mmstream runs twice: with PyTorch's default intra-op threads (all cores) and with one thread.
#
#   bench/detector-speed.sh [FRAMES] [TFJS_FRAMES]   (defaults: 100 and 10)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
need node nodejs
FRAMES="${1:-100}"; TFJS_FRAMES="${2:-10}"
PHOTOS=/usr/lib/python3/dist-packages/skimage/data
[[ -f "$PHOTOS/chelsea.png" ]] || { echo "bench: Debian's python3-skimage is needed for its photographs" >&2; exit 1; }
PICS=("$PHOTOS/chelsea.png" "$PHOTOS/astronaut.png" "$PHOTOS/coffee.png" "$PHOTOS/motorcycle_left.png")
MODEL="$ROOT/models/src/main/resources/io/mmstream/models/detect"
if [[ ! -d "$OUT_DIR/tfjs/node_modules/@tensorflow/tfjs" ]]; then
  mkdir -p "$OUT_DIR/tfjs"
  (cd "$OUT_DIR/tfjs" && npm install --silent --no-audit --no-fund @tensorflow/tfjs@4 pngjs@7 >/dev/null)
fi
echo "== mmstream (DJL/PyTorch, default threads: $(nproc) cores)"
java "${JAVA_FLAGS[@]}" -cp "$CP" io.mmstream.streams.bench.DetectorThroughput "$FRAMES" "${PICS[@]}" | tee "$OUT_DIR/detector-mm.txt"
echo "== mmstream (DJL/PyTorch, one intra-op thread)"
java "${JAVA_FLAGS[@]}" -Dai.djl.pytorch.num_threads=1 -Dai.djl.pytorch.num_interop_threads=1 -cp "$CP" \
  io.mmstream.streams.bench.DetectorThroughput "$FRAMES" "${PICS[@]}" | tee "$OUT_DIR/detector-mm1.txt"
echo "== TensorFlow.js $(node -p "require('$OUT_DIR/tfjs/node_modules/@tensorflow/tfjs/package.json').version") (pure JS CPU backend)"
NODE_PATH="$OUT_DIR/tfjs/node_modules" node "$ROOT/bench/detector_tfjs.js" "$MODEL" "$TFJS_FRAMES" "${PICS[@]}" 2>/dev/null \
  | grep -v '^$\|Hi there\|tfjs-node\|^=' | tee "$OUT_DIR/detector-tfjs.txt"
mm=$(sed -n 's/.*fps=//p' "$OUT_DIR/detector-mm.txt"); mm1=$(sed -n 's/.*fps=//p' "$OUT_DIR/detector-mm1.txt")
tfjs=$(sed -n 's/.*fps=//p' "$OUT_DIR/detector-tfjs.txt")
printf 'fps: mmstream %s (one thread %s), TensorFlow.js %s; ratio mmstream/TensorFlow.js %.1f (one thread %.1f)\n' \
  "$mm" "$mm1" "$tfjs" "$(echo "$mm / $tfjs" | bc -l)" "$(echo "$mm1 / $tfjs" | bc -l)"
