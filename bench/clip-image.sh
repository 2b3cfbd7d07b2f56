#!/usr/bin/env bash
# CLIP on pictures (issue 11) through the product's own commands: a generated shapes set
# (bench/shapes-set.sh) ingested into a fresh data dir, then `pretrain --model clip --input images --eval`:
# training pairs per second, image->text and text->image R@1/5/10 over up to 100 held-out pictures with
# distinct captions (chance K/100), and zero-shot accuracy on the held-out one-group pictures: their shape
# among circle, square, triangle (chance 1/3) and their colour among red, green, blue, yellow (chance 1/4),
# each with the majority class's share. Then `models classify` on the first one-group picture of the set.
#
#   bench/clip-image.sh [COUNT] [STEPS] [SIZE] [BATCH]   (defaults: 2000 pictures, 1500 steps, tiny, 64: about 2 minutes;
#   on 2,000 pictures the tiny tower scored above the small one (1,000 steps, 7.5 minutes), which overfits)
#   MMSTREAM=/path/to/launcher bench/clip-image.sh ...   (another build of the launcher)
#   EXTRA="--learning-rate 1e-3" bench/clip-image.sh ...   (more pretrain options)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
COUNT="${1:-2000}"; STEPS="${2:-1500}"; SIZE="${3:-tiny}"; BATCH="${4:-64}"
MM="${MMSTREAM:-$ROOT/mmstream}"
# one PyTorch thread: with two on a machine whose other core is busy, OpenMP spins and a step of the tiny
# tower took 1.56 s instead of 0.12 s (measured while other builds ran)
export MMSTREAM_JAVA_OPTS="${MMSTREAM_JAVA_OPTS:--Dai.djl.pytorch.num_threads=1}"
ingest_shapes clip-image "$COUNT"
LOG="$WORK/pretrain-$COUNT-$SIZE-$STEPS-$(date +%Y%m%d-%H%M%S).log"
started=$(date +%s)
"$MM" --data-dir "$DATA" pretrain --model clip --input images --size "$SIZE" --steps "$STEPS" --batch "$BATCH" --eval --no-progress ${EXTRA:-} \
  2>&1 | tee "$LOG"
echo "bench: pretrain and evaluation took $(( $(date +%s) - started )) s; log $LOG"
# a picture of one group (the first in the set), classified zero-shot
PICTURE=$(python3 - "$SET" <<'PY'
import sys, zlib, glob, os
for png in sorted(glob.glob(sys.argv[1] + "/*.png")):
    caption = open(png[:-4] + ".txt").read().strip()
    if " of " not in caption and " above " not in caption:
        print(png, caption.replace(" ", "_")); break
PY
)
"$MM" --data-dir "$DATA" models classify "${PICTURE% *}" --labels circle,square,triangle
echo "bench: its caption: ${PICTURE#* }" | tr _ ' '
"$MM" --data-dir "$DATA" broker stop >/dev/null 2>&1 || true
echo
grep -E "pairs/s|held-out pictures|zero-shot" "$LOG" | sed 's/^pretrain: /  /'
