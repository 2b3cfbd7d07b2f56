#!/usr/bin/env bash
# VideoBERT training and inference speed, and training memory over a long run (DJL, PyTorch, CPU here).
#
#   bench/videobert.sh throughput [SIZE] [BATCH] [STEPS] [ROUNDS]   (defaults: small 16 30 3)
#       tokens/s of mmstream's trainer (drawing, masking, batching every step) against a bare DJL loop
#       over the same model size and batches, in alternating rounds (after a warm-up round), and
#       inference segments/s one segment at a time
#   bench/videobert.sh memory [SIZE] [BATCH] [STEPS]                 (defaults: tiny 16 10000)
#       resident memory every 1,000 steps (a leak of per-step arrays would show as growth), over a
#       small vocabulary (1,100 text ids, 144 visual words) so that 10,000 steps take minutes, in a
#       fixed 512 MB heap touched at start (so that heap sizing does not pass for a leak)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
export DJL_CACHE_DIR="$OUT_DIR/cache/djl" ENGINE_CACHE_DIR="$OUT_DIR/cache/djl" OPT_OUT_TRACKING=true
MODE="${1:-throughput}"
if [[ "$MODE" == memory ]]; then
  # a fixed, pre-touched heap: the Java heap's own growth (eden sizing itself up over minutes) is then
  # counted from the start, and what grows after is native memory, where DJL's arrays live
  java -Xms512m -Xmx512m -XX:+AlwaysPreTouch "${JAVA_FLAGS[@]}" -cp "$CP" io.mmstream.streams.bench.TrainingThroughput \
    memory "${2:-tiny}" "${3:-16}" "${4:-10000}"
else
  java "${JAVA_FLAGS[@]}" -cp "$CP" io.mmstream.streams.bench.TrainingThroughput throughput "${2:-small}" "${3:-16}" "${4:-30}" "${5:-3}"
fi
