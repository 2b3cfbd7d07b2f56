#!/usr/bin/env bash
# Image-text retrieval and training throughput of the region-based models (issues 10 and 11), through the
# product's own commands: each set is ingested into a fresh data dir (ingest), then each model is
# trained from the pairs replayed from the topics and evaluated on the held-out pairs
# (pretrain --model NAME --size tiny --steps STEPS --eval): image->text and text->image R@1/5/10 over
# the first 100 held-out pictures with distinct captions (chance: K/100), BLEU-4 and CIDEr-D of the
# captions unified-vlp generates, the accuracy of LXMERT's and 12-in-1's tasks on the held-out pairs'
# questions, phrases and statements (beside the most common answer's share), and training pairs per second.
# Sets: a generated one (bench/shapes-set.sh: shapes, colours, positions and counts, captioned
# compositionally) and a real one (bench/emoji-set.sh: Twemoji pictures captioned with their Unicode names).
#
#   bench/imagetext-retrieval.sh [STEPS] [MODEL...]   (defaults: 1500 steps, the six single-stream models)
#   SETS=shapes bench/imagetext-retrieval.sh 2000 vilbert lxmert 12-in-1   (the two-stream models and their tasks)
#   SETS=shapes EVAL=0 bench/imagetext-retrieval.sh 300   (training throughput only: no evaluation)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
STEPS="${1:-1500}"; shift || true
MODELS=("$@"); [[ ${#MODELS[@]} -gt 0 ]] || MODELS=(visualbert vl-bert unicoder-vl uniter oscar unified-vlp)
WORK="$OUT_DIR/imagetext"
mkdir -p "$WORK"
[[ -d "$WORK/shapes" ]] || "$ROOT/bench/shapes-set.sh" "$WORK/shapes" 2000 1 >/dev/null
[[ -d "$WORK/emoji" ]] || "$ROOT/bench/emoji-set.sh" "$WORK/emoji" >/dev/null
RESULTS="$WORK/results-$(date +%Y%m%d-%H%M%S).tsv"
TASKS="${RESULTS%.tsv}-tasks.tsv"
echo -e "set\tmodel\ttask\taccuracy\texamples\tmost_common" > "$TASKS"
echo -e "set\tmodel\tpairs_per_s\tscored_by\ti2t_r1\ti2t_r5\ti2t_r10\tt2i_r1\tt2i_r5\tt2i_r10\tchance_r1\tbleu4\tcider\tseconds" > "$RESULTS"
EVAL="${EVAL:-1}"
for set in ${SETS:-shapes emoji}; do
  DATA="$WORK/data-$set"
  rm -rf "$DATA"
  "$ROOT/mmstream" --data-dir "$DATA" ingest --no-progress "$WORK/$set" | tail -1
  for model in "${MODELS[@]}"; do
    started=$(date +%s)
    log="$WORK/$set-$model.log"
    eval_flag=(); [[ "$EVAL" == 1 ]] && eval_flag=(--eval)
    # a run that fails (a diverging loss) is recorded as such and the others go on
    "$ROOT/mmstream" --data-dir "$DATA" pretrain --model "$model" --size tiny --steps "$STEPS" "${eval_flag[@]}" --no-progress > "$log" 2>&1 \
      || echo "bench: $model on $set failed: $(tail -1 "$log")" >&2
    seconds=$(( $(date +%s) - started ))
    python3 - "$log" "$set" "$model" "$seconds" >> "$RESULTS" <<'PY'
import re, sys
log, name, model, seconds = sys.argv[1:5]
text = open(log).read()
m = re.search(r"([\d.]+) pairs/s", text)
rate = m.group(1) if m else "failed"
b = re.search(r"BLEU-4 ([\d.]+), CIDEr-D ([\d.]+)", text)
caption = [b.group(1), b.group(2)] if b else ["-", "-"]
rows = re.findall(r"held-out pictures(?: by the caption's likelihood)?: image->text R@1 ([\d.]+) R@5 ([\d.]+) R@10 ([\d.]+); "
                  r"text->image R@1 ([\d.]+) R@5 ([\d.]+) R@10 ([\d.]+); chance R@1 ([\d.]+)[^\n]*?(?:\((by [^)]*)\))?\n", text)
if not rows:
    print("\t".join([name, model, rate, "-"] + ["-"] * 7 + caption + [seconds]))
for r in rows:
    by = "matching head" if "matching head" in r[7] else "caption likelihood"
    print("\t".join([name, model, rate, by, *r[:7], *caption, seconds]))
PY
    tail -1 "$RESULTS"
    sed -nE "s/.*: (question answering|referring expressions|image-text verification): accuracy ([0-9.]+) on ([0-9]+) held-out examples \(most common label ([0-9.]+)\)/$set\t$model\t\1\t\2\t\3\t\4/p" "$log" \
      | tee -a "$TASKS"
  done
  "$ROOT/mmstream" --data-dir "$DATA" broker stop >/dev/null 2>&1 || true
done
echo "results: $RESULTS and $TASKS"
