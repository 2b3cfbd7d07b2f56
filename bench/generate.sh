#!/usr/bin/env bash
# DALL-E and M6 (issue 11) through the product's own commands: a generated shapes set (bench/shapes-set.sh)
# ingested into a fresh data dir; the image CLIP trained on it (pretrain --model clip --input images), then
# pretrain --model dall-e --eval (stage 1 the discrete VAE, stage 2 the transformer) and
# pretrain --model m6 --eval (it reads dall-e's discrete VAE); then `models generate` for a few prompts.
# Reports training pairs per second per stage, the discrete VAE's held-out reconstruction error, and the
# image CLIP's mean cosine of pictures drawn for up to 50 held-out captions (4 samples each) with their own
# caption, against the same samples with another caption and against random real held-out pictures with
# the caption (samples should beat random pictures); M6 also BLEU-4 and CIDEr-D of its greedy captions.
#
#   bench/generate.sh [COUNT] [VAE_STEPS] [STEPS] [SIZE]   (defaults: 2000 pictures, 800 dVAE steps, 500 steps, tiny)
#   Run it alone: flock /tmp/bench.lock bench/generate.sh
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
COUNT="${1:-2000}"; VAE_STEPS="${2:-800}"; STEPS="${3:-500}"; SIZE="${4:-tiny}"
MM="${MMSTREAM:-$ROOT/mmstream}"
# one PyTorch thread: with two on a machine whose other core is busy, OpenMP spins (the discrete VAE trained at
# 34 pairs/s with two threads and 467 with one, measured while other builds ran)
export MMSTREAM_JAVA_OPTS="${MMSTREAM_JAVA_OPTS:--Dai.djl.pytorch.num_threads=1 -Dai.djl.pytorch.num_interop_threads=1}"
ingest_shapes generate "$COUNT"
STAMP=$(date +%Y%m%d-%H%M%S)
run() {
  local name="$1"; shift
  local log="$WORK/$name-$STAMP.log" started=$(date +%s)
  "$MM" --data-dir "$DATA" "$@" --no-progress 2>&1 | tee "$log"
  echo "bench: $name took $(( $(date +%s) - started )) s; log $log"
}
run clip pretrain --model clip --input images --size tiny --steps 1500 --batch 64
run dall-e pretrain --model dall-e --size "$SIZE" --vae-steps "$VAE_STEPS" --steps "$STEPS" --eval
run m6 pretrain --model m6 --size "$SIZE" --steps "$STEPS" --eval
for model in dall-e m6; do
  for prompt in "a red circle on the left" "two blue squares at the top" "a green triangle left of a yellow circle"; do
    png="$WORK/$model-$(echo "$prompt" | tr ' ' '-').png"
    "$MM" --data-dir "$DATA" models generate "$prompt" --model "$model" --samples 8 --png "$png" --sheet
  done
done
"$MM" --data-dir "$DATA" broker stop >/dev/null 2>&1 || true
echo "bench: pictures in $WORK"
