#!/usr/bin/env bash
# VideoBERT training speed of mmstream's DJL trainer against PyTorch eager on the same batches.
#
#   bench/videobert-eager.sh [SIZE] [BATCH] [STEPS] [ROUNDS]   (defaults: small 16 20 3)
#
# The Java side draws a warm-up round and a measured round of STEPS batches and writes them to a
# file; each round then runs, in separate processes and in alternating order, mmstream's
# VideoBertTrainer on those batches (TrainingThroughput replay) and bench/videobert_eager.py, the
# same architecture in PyTorch eager, on the same file. Each side gets the same warm-up round
# before its measured one, and as many threads as the machine has cores.
# Needs Debian's python3-torch and libopenblas0-pthread (its BLAS; the reference BLAS it falls back
# to is about 3x slower): apt-get install python3-torch libopenblas0-pthread
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
export DJL_CACHE_DIR="$OUT_DIR/cache/djl" ENGINE_CACHE_DIR="$OUT_DIR/cache/djl" OPT_OUT_TRACKING=true
SIZE="${1:-small}" BATCH="${2:-16}" STEPS="${3:-20}" ROUNDS="${4:-3}"
PY=/usr/bin/python3
"$PY" -c 'import torch' 2>/dev/null || { echo "bench: Debian's PyTorch is missing (apt-get install python3-torch libopenblas0-pthread)" >&2; exit 1; }
[[ -e /usr/lib/x86_64-linux-gnu/openblas-pthread/libblas.so.3 ]] \
  || echo "bench: warning: libopenblas0-pthread is not installed; PyTorch falls back to the reference BLAS (about 3x slower)" >&2
THREADS="$(nproc)"
BATCHES="$OUT_DIR/videobert-eager-$SIZE-$BATCH-$STEPS.bin"
java "${JAVA_FLAGS[@]}" -cp "$CP" io.mmstream.streams.bench.TrainingThroughput export "$SIZE" "$BATCH" "$STEPS" "$BATCHES"

# each side's whole output goes to stderr (through a file: tee to /dev/stderr would reopen and truncate
# a log that stderr is redirected to), its measured tokens/s to stdout
djl() {
  java "${JAVA_FLAGS[@]}" -cp "$CP" io.mmstream.streams.bench.TrainingThroughput replay "$SIZE" "$BATCH" "$STEPS" \
    2>/dev/null > "$OUT_DIR/videobert-eager-djl.out"
  cat "$OUT_DIR/videobert-eager-djl.out" >&2
  sed -n 's/^measured: DJL \([0-9]*\) tokens\/s.*/\1/p' "$OUT_DIR/videobert-eager-djl.out"
}
eager() {
  "$PY" "$(dirname "${BASH_SOURCE[0]}")/videobert_eager.py" "$BATCHES" "$THREADS" > "$OUT_DIR/videobert-eager-torch.out"
  cat "$OUT_DIR/videobert-eager-torch.out" >&2
  sed -n 's/^measured: PyTorch eager \([0-9]*\) tokens\/s.*/\1/p' "$OUT_DIR/videobert-eager-torch.out"
}

echo "VideoBERT $SIZE, batch $BATCH, $STEPS steps a round, $THREADS threads each"
RATIOS=()
for ((r = 1; r <= ROUNDS; r++)); do
  if ((r % 2 == 1)); then D="$(djl)"; E="$(eager)"; else E="$(eager)"; D="$(djl)"; fi
  RATIO="$(awk -v d="$D" -v e="$E" 'BEGIN { printf "%.3f", d / e }')"
  RATIOS+=("$RATIO")
  echo "round $r: mmstream (DJL) $D tokens/s, PyTorch eager $E tokens/s, ratio $RATIO"
done
printf '%s\n' "${RATIOS[@]}" | sort -n | awk '{ a[NR] = $1 } END { printf "median ratio DJL / PyTorch eager: %s (min %s, max %s)\n", a[int((NR + 1) / 2)], a[1], a[NR] }'
