#!/usr/bin/env bash
# How many live streams one `./mmstream live` captions in real time on this machine: for each N
# given, N copies of samples/dashwood.mp4 are pushed in real time (-re, looped for SECONDS) by
# Debian's ffmpeg to N loopback UDP ports, and one `live` command captions them all. A stream keeps
# up when its partial captions trail the audio (emitted_at - wall time of the audio's end) by no
# more in the last 30 s than in the first minute plus 0.5 s, and by less than 2 s. Reports, per N,
# the partial-caption lag (p50/p95 over all streams in the last 30 s), the CPU the live process used
# (cores), and whether every stream kept up.
#
#   bench/live-concurrency.sh [SECONDS] N...     (default: 90 s, N = 1 2 4 6)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
need ffmpeg ffmpeg
SECONDS_EACH="${1:-90}"
shift || true
COUNTS=("${@:-1 2 4 6}")
[[ $# -eq 0 ]] && COUNTS=(1 2 4 6)
OUT="$OUT_DIR/live-concurrency"
mkdir -p "$OUT"
DURATION=$(ffprobe -v error -show_entries format=duration -of csv=p=0 "$ROOT/samples/dashwood.mp4")
LOOPS=$(python3 -c "import math; print(math.ceil($SECONDS_EACH / $DURATION))")
for N in "${COUNTS[@]}"; do
  rm -f "$OUT/cues-$N.jsonl"
  PORTS=()
  for ((i = 0; i < N; i++)); do
    PORTS+=($(free_udp_port))
  done
  URLS=()
  for p in "${PORTS[@]}"; do URLS+=("udp://127.0.0.1:$p"); done
  "$ROOT/mmstream" --data-dir "$OUT/data" live "${URLS[@]}" --timeout 5 --jsonl "$OUT/cues-$N.jsonl" 2>"$OUT/live-$N.err" &
  LIVE=$!
  for p in "${PORTS[@]}"; do
    await_udp "$p" "$LIVE" "$OUT/live-$N.err"
  done
  CPU0=$(awk '{print $14 + $15}' /proc/$LIVE/stat)
  T0=$(date +%s%3N)
  SENDERS=()
  for p in "${PORTS[@]}"; do
    ffmpeg -v error -re -stream_loop $((LOOPS - 1)) -i "$ROOT/samples/dashwood.mp4" -c copy -f mpegts "udp://127.0.0.1:$p?pkt_size=1316" &
    SENDERS+=($!)
  done
  wait "${SENDERS[@]}"
  CPU1=$(awk '{print $14 + $15}' /proc/$LIVE/stat)
  T1=$(date +%s%3N)
  wait $LIVE
  python3 - "$OUT/cues-$N.jsonl" "$T0" "$N" "$(( CPU1 - CPU0 ))" "$(( T1 - T0 ))" "$(getconf CLK_TCK)" <<'PY'
import json, sys
cues = [json.loads(l) for l in open(sys.argv[1])]
t0, n, ticks, wall_ms, hz = int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6])
def pct(xs, q):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(q * (len(xs) - 1))))] / 1000 if xs else float("nan")
kept, last_all = 0, []
for video in sorted({c["video"] for c in cues}):
    mine = [c for c in cues if c["video"] == video and not c["final"]]
    end = max(c["end_ms"] for c in mine)
    first = [c["emitted_at"] - (t0 + c["end_ms"]) for c in mine if c["end_ms"] < 60_000]
    last = [c["emitted_at"] - (t0 + c["end_ms"]) for c in mine if c["end_ms"] >= end - 30_000]
    last_all += last
    if pct(last, 0.95) < 2.0 and pct(last, 0.5) <= pct(first, 0.5) + 0.5:
        kept += 1
streams = len({c["video"] for c in cues})
print(f"N={n}: streams captioned {streams}, kept up {kept}; partial lag in the last 30 s p50 {pct(last_all, 0.5):.2f} s "
      f"p95 {pct(last_all, 0.95):.2f} s; live process CPU {ticks / hz / (wall_ms / 1000):.2f} cores")
PY
done
