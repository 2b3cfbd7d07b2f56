#!/usr/bin/env bash
# A UDP stream sent as fast as the loopback takes it (samples/dashwood.mp4 without -re, ~0.5 MB in a
# few milliseconds), while BUSY busy loops load the machine: how much of it `./mmstream live` captions.
# Each round, one `live` command reads two such bursts at once, sent at the same moment:
#   - "mmstream":  udp://127.0.0.1:P1, with mmstream's receive buffer (io.mmstream.ingest.UdpReceiveBuffer);
#   - "reference": udp://127.0.0.1:P2?buffer_size=65536, FFmpeg's own default receive buffer.
# Prints each round's WER of both against the sample's transcript, then the mean and the worst.
#
#   bench/udp-burst.sh [ROUNDS] [BUSY]      (defaults 5 rounds, 2 busy loops)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
need ffmpeg ffmpeg
ROUNDS="${1:-5}"
BUSY="${2:-2}"
OUT="$OUT_DIR/udp-burst"
mkdir -p "$OUT"
tail -n +2 "$ROOT/samples/dashwood.segments.tsv" | cut -f3 | tr '\n' ' ' >"$OUT/reference.txt"
echo "kernel cap on receive buffers (net.core.rmem_max): $(cat /proc/sys/net/core/rmem_max) bytes"
busy=()
for ((b = 0; b < BUSY; b++)); do (while :; do :; done) & busy+=($!); done
trap 'kill "${busy[@]}" 2>/dev/null || true' EXIT
printf '%-6s %-10s %-10s\n' round mmstream reference
for ((r = 1; r <= ROUNDS; r++)); do
  P1=$(free_udp_port); P2=$(free_udp_port)
  OURS="udp://127.0.0.1:$P1"; REF="udp://127.0.0.1:$P2?buffer_size=65536"
  rm -f "$OUT/cues.jsonl"
  "$ROOT/mmstream" --data-dir "$OUT/data" live "$OURS" "$REF" --timeout 6 --jsonl "$OUT/cues.jsonl" 2>"$OUT/live.err" >/dev/null &
  LIVE=$!
  await_udp "$P1" "$LIVE" "$OUT/live.err"
  await_udp "$P2" "$LIVE" "$OUT/live.err"
  ffmpeg -v error -i "$ROOT/samples/dashwood.mp4" -c copy -f mpegts "udp://127.0.0.1:$P1?pkt_size=1316" &
  ffmpeg -v error -i "$ROOT/samples/dashwood.mp4" -c copy -f mpegts "udp://127.0.0.1:$P2?pkt_size=1316"
  wait $LIVE || true
  row=()
  for url in "$OURS" "$REF"; do
    python3 - "$OUT/cues.jsonl" "$url" >"$OUT/hyp.txt" <<'PY'
import json, sys
settled = {}
for line in open(sys.argv[1]):
    c = json.loads(line)
    if c["video"] == sys.argv[2] and c["final"]:
        settled[c["start_ms"]] = c["text"]
print(" ".join(settled[k] for k in sorted(settled)))
PY
    row+=("$(java -cp "$CP" io.mmstream.streams.bench.WerOf "$OUT/reference.txt" "$OUT/hyp.txt")")
  done
  printf '%-6s %-10s %-10s\n' "$r" "${row[0]}" "${row[1]}" | tee -a "$OUT/rounds.txt"
done
tail -n "$ROUNDS" "$OUT/rounds.txt" | awk '{o+=$2; f+=$3; if ($2>mo) mo=$2; if ($3>mf) mf=$3} END {printf "mean   %.3f      %.3f\nworst  %.3f      %.3f\n", o/NR, f/NR, mo, mf}'
