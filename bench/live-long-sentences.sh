#!/usr/bin/env bash
# Live captions of speech in long sentences: how long after its words end each final cue leaves.
# Debian's ffmpeg plays fixtures/long-sentences.mp4 (two sentences of 11 s of real speech, each
# longer than one caption) LOOPS times in real time, with the low-latency sender flags of the
# README, to a loopback UDP port while `./mmstream live` captions it. The wall clock when ffmpeg
# starts is media time 0.
#   - per final cue: when it first left mmstream - when its words ended (its end_ms, or the end
#     of its sentence when that is earlier: a cue shorter than 1 s is stretched past its words);
#   - corrections: final cues sent again with the same start (the recogniser changed words already sent);
#   - WER of the final cues against the reference, as the JSON lines give them (a correction
#     replaces its cue) and as the WebVTT file has them (append-only: the first version stays);
#   - and peak RSS of the live process.
#
#   bench/live-long-sentences.sh [LOOPS]     (default 4: 8 sentences, ~110 s)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
need ffmpeg ffmpeg
need /usr/bin/time time
LOOPS="${1:-4}"
MEDIA="$ROOT/fixtures/long-sentences.mp4"
PORT=$(free_udp_port)
OUT="$OUT_DIR/live-long"
mkdir -p "$OUT"
rm -f "$OUT/cues.jsonl" "$OUT/cues.vtt"
/usr/bin/time -f "%M" -o "$OUT/rss" "$ROOT/mmstream" --data-dir "$OUT/data" live "udp://127.0.0.1:$PORT" \
  --timeout 4 --jsonl "$OUT/cues.jsonl" --vtt "$OUT/cues.vtt" 2>"$OUT/live.err" &
LIVE=$!
await_udp "$PORT" "$LIVE" "$OUT/live.err"
T0=$(date +%s%3N)
ffmpeg -v error -re -stream_loop $((LOOPS - 1)) -i "$MEDIA" -c copy -pes_payload_size 0 -muxdelay 0 -flush_packets 1 \
  -f mpegts "udp://127.0.0.1:$PORT?pkt_size=1316"
wait $LIVE || echo "live exited with status $?"
DURATION=$(ffprobe -v error -show_entries format=duration -of csv=p=0 "$MEDIA")
python3 - "$OUT/cues.jsonl" "$OUT/cues.vtt" "${MEDIA%.mp4}.segments.tsv" "$T0" "$DURATION" "$LOOPS" <<'PY'
import json, re, sys
cues = [json.loads(l) for l in open(sys.argv[1])]
vtt = open(sys.argv[2]).read()
segments = [l.split("\t") for l in open(sys.argv[3]).read().splitlines()[1:]]
t0, duration, loops = int(sys.argv[4]), float(sys.argv[5]), int(sys.argv[6])
sentences = [(k * duration + float(s), k * duration + float(e), t) for k in range(loops) for s, e, t in segments]
first, last = {}, {}
for c in cues:
    if c["final"]:
        first.setdefault(c["start_ms"], c)
        last[c["start_ms"]] = c
latency, firsts = [], []
for start, c in sorted(first.items()):
    ends = [e for s, e, _ in sentences if s - 0.7 <= start / 1000 <= e + 0.5]
    words_end = min(c["end_ms"], ends[0] * 1000) if ends else c["end_ms"]
    latency.append(c["emitted_at"] - (t0 + words_end))
for s, e, _ in sentences:
    mine = [c for st, c in sorted(first.items()) if s - 0.7 <= st / 1000 <= e + 0.5]
    if mine:
        firsts.append(mine[0]["emitted_at"] - (t0 + e * 1000))
def wer(ref, hyp):
    # as WordErrorRate scores: lower case, punctuation dropped (final cues are sentence-cased)
    norm = lambda t: re.sub(r"[^\w' ]+", " ", t.lower()).split()
    r, h = norm(ref), norm(hyp)
    d = list(range(len(h) + 1))
    for i in range(1, len(r) + 1):
        prev, d[0] = d[0], i
        for j in range(1, len(h) + 1):
            prev, d[j] = d[j], min(d[j] + 1, d[j - 1] + 1, prev + (r[i - 1] != h[j - 1]))
    return d[len(h)] / len(r)
def stats(name, xs):
    xs = sorted(xs)
    p = lambda q: xs[min(len(xs) - 1, int(round(q * (len(xs) - 1))))]
    print(f"{name}: n={len(xs)} p50={p(0.5)/1000:.2f} s p95={p(0.95)/1000:.2f} s max={xs[-1]/1000:.2f} s")
reference = " ".join(t for _, _, t in sentences)
vtt_text = " ".join(l for block in vtt.split("\n\n")[1:] for l in block.splitlines()[1:])
print(f"sentences: {len(sentences)}, final cues: {len(first)}, corrections: {sum(1 for c in cues if c['final']) - len(first)}")
stats("end of a cue's words -> the cue leaves", latency)
stats("end of a sentence -> its first cue leaves (negative: before it ends)", firsts)
print(f"WER: JSON lines {wer(reference, ' '.join(c['text'] for _, c in sorted(last.items()))):.3f}, WebVTT {wer(reference, vtt_text):.3f}")
PY
echo "peak RSS of live: $(( $(cat "$OUT/rss") / 1024 )) MB"
