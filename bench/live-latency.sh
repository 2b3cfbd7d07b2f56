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
python3 "$ROOT/bench/live_latency.py" "$OUT/cues.jsonl" "$ROOT/samples/dashwood.segments.tsv" "$T0" "$DURATION" "$LOOPS"
echo "peak RSS of live: $(( $(cat "$OUT/rss") / 1024 )) MB"
