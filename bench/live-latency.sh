#!/usr/bin/env bash
# Live-caption latency: Debian's ffmpeg plays samples/dashwood.mp4 LOOPS times in real time (-re)
# to a loopback UDP port while `./mmstream live` captions it. For each utterance (speech times from
# samples/dashwood.segments.tsv, offset by the file's duration per loop), with the wall clock at the
# stream's start as media time 0:
#   - final latency  = when its last final cue left mmstream - when the utterance's speech ended;
#   - partial latency = when a partial cue left mmstream - when the audio it covers (up to its end_ms)
#     was played: how far behind the live audio partial captions run;
#   - partial latency from speech = when a partial cue left mmstream - when its last word was spoken,
#     which counts the recogniser's delay too: the cue's words so far in the utterance (its own, and
#     those of the utterance's earlier final cues) placed on the utterance's speech at an even rate
#     (word k of N ends at start + (end - start) * k / N);
#   - and, for reference, when an utterance's first partial left - when its speech started (this
#     includes the time the recogniser needs to hear a whole first word).
# Reports p50 / p95 / max of each, and peak RSS of the live process.
#
#   bench/live-latency.sh [LOOPS]     (default 3: 15 utterances, ~90 s)
#   SENDER_FLAGS="-pes_payload_size 0 -muxdelay 0 -flush_packets 1" bench/live-latency.sh 3
#       the same with a sender that does not pack half a second of audio per MPEG-TS packet
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
need ffmpeg ffmpeg
need /usr/bin/time time
LOOPS="${1:-3}"
PORT=$(free_udp_port)
OUT="$OUT_DIR/live"
mkdir -p "$OUT"
rm -f "$OUT/cues.jsonl"
/usr/bin/time -f "%M" -o "$OUT/rss" "$ROOT/mmstream" --data-dir "$OUT/data" live "udp://127.0.0.1:$PORT" \
  --timeout 4 --jsonl "$OUT/cues.jsonl" 2>"$OUT/live.err" &
LIVE=$!
await_udp "$PORT" "$LIVE" "$OUT/live.err"
T0=$(date +%s%3N)
echo "$T0" >"$OUT/t0"
ffmpeg -v error -re -stream_loop $((LOOPS - 1)) -i "$ROOT/samples/dashwood.mp4" -c copy ${SENDER_FLAGS:-} -f mpegts "udp://127.0.0.1:$PORT?pkt_size=1316"
wait $LIVE || echo "live exited with status $?"
DURATION=$(ffprobe -v error -show_entries format=duration -of csv=p=0 "$ROOT/samples/dashwood.mp4")
python3 - "$OUT/cues.jsonl" "$ROOT/samples/dashwood.segments.tsv" "$T0" "$DURATION" "$LOOPS" <<'PY'
import json, sys
cues = [json.loads(l) for l in open(sys.argv[1])]
rows = [l.split("\t") for l in open(sys.argv[2]).read().splitlines()[1:]]
segments = [(float(r[0]), float(r[1])) for r in rows]
said = [len(r[2].split()) for r in rows]
t0, duration, loops = int(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5])
finals, partials, spoken_lag = [], [], []
for k in range(loops):
    for (start, end), n_words in zip(segments, said):
        s_ms, e_ms = (k * duration + start) * 1000, (k * duration + end) * 1000
        mine = [c for c in cues if c["start_ms"] >= s_ms - 700 and c["start_ms"] <= e_ms + 500]
        fin = [c for c in mine if c["final"]]
        par = [c for c in mine if not c["final"]]
        if fin:
            finals.append(max(c["emitted_at"] for c in fin) - (t0 + e_ms))
        if par:
            partials.append(min(c["emitted_at"] for c in par) - (t0 + s_ms))
        for c in par:
            before = sum(len(f["text"].split()) for f in fin if f["start_ms"] < c["start_ms"] and f["emitted_at"] <= c["emitted_at"])
            shown = min(n_words, before + len(c["text"].split()))
            spoken_lag.append(c["emitted_at"] - (t0 + s_ms + (e_ms - s_ms) * shown / n_words))
def stats(name, xs):
    xs = sorted(xs)
    if not xs:
        print(f"{name}: none"); return
    p = lambda q: xs[min(len(xs) - 1, int(round(q * (len(xs) - 1))))]
    print(f"{name}: n={len(xs)} p50={p(0.5)/1000:.2f} s p95={p(0.95)/1000:.2f} s max={xs[-1]/1000:.2f} s")
print(f"utterances: {loops * len(segments)}")
partial_lag = [c["emitted_at"] - (t0 + c["end_ms"]) for c in cues if not c["final"]]
stats("end of utterance -> final cue", finals)
stats("audio heard -> partial cue showing it", partial_lag)
stats("last word spoken -> partial cue showing it", spoken_lag)
stats("start of speech -> first partial", partials)
PY
echo "peak RSS of live: $(( $(cat "$OUT/rss") / 1024 )) MB"
