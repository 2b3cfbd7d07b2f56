#!/usr/bin/env bash
# Live captions over a long stream: Debian's ffmpeg plays samples/dashwood.mp4 in a loop, in real
# time (-re), to a loopback UDP port for MINUTES while `./mmstream live` captions it. Samples the
# live process's resident memory every 30 s (bench/out/live-memory/rss.tsv) and reports it at
# 1, 5, 15 minutes and at the end, and how far behind the audio the partial captions run in the
# first and the last 5 minutes (a pipeline falling behind would show there).
#
#   bench/live-memory.sh [MINUTES]     (default 30)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
need ffmpeg ffmpeg
MINUTES="${1:-30}"
OUT="$OUT_DIR/live-memory"
mkdir -p "$OUT"
rm -f "$OUT/cues.jsonl" "$OUT/rss.tsv"
PORT=$(free_udp_port)
DURATION=$(ffprobe -v error -show_entries format=duration -of csv=p=0 "$ROOT/samples/dashwood.mp4")
LOOPS=$(python3 -c "import math; print(math.ceil($MINUTES * 60 / $DURATION))")
"$ROOT/mmstream" --data-dir "$OUT/data" live "udp://127.0.0.1:$PORT" --timeout 5 --jsonl "$OUT/cues.jsonl" 2>"$OUT/live.err" &
LIVE=$!
await_udp "$PORT" "$LIVE" "$OUT/live.err"
T0=$(date +%s%3N)
echo "$T0" >"$OUT/t0"
ffmpeg -v error -re -stream_loop $((LOOPS - 1)) -i "$ROOT/samples/dashwood.mp4" -c copy -f mpegts "udp://127.0.0.1:$PORT?pkt_size=1316" &
SENDER=$!
while kill -0 $SENDER 2>/dev/null; do
  rss=$(awk '/VmRSS/ {print int($2 / 1024)}' /proc/$LIVE/status 2>/dev/null || echo "")
  [[ -n "$rss" ]] && printf '%d\t%d\n' $(( ($(date +%s%3N) - T0) / 1000 )) "$rss" >>"$OUT/rss.tsv"
  sleep 30
done
wait $LIVE || echo "live exited with status $?"
python3 - "$OUT/rss.tsv" "$OUT/cues.jsonl" "$T0" <<'PY'
import json, sys
rows = [tuple(map(int, l.split())) for l in open(sys.argv[1])]
def at(minute):
    before = [r for r in rows if r[0] <= minute * 60]
    return f"{before[-1][1]} MB" if before else "n/a"
print(f"samples: {len(rows)} over {rows[-1][0] / 60:.1f} min")
print(f"RSS at 1 min {at(1)}, 5 min {at(5)}, 15 min {at(15)}, end {rows[-1][1]} MB; max {max(r[1] for r in rows)} MB")
late = [r[1] for r in rows if r[0] >= 5 * 60]
if late:
    print(f"RSS from 5 min to the end: min {min(late)} MB, max {max(late)} MB ({(max(late) - min(late)) / min(late) * 100:.1f}% spread)")
t0 = int(sys.argv[3])
cues = [json.loads(l) for l in open(sys.argv[2])]
end = max(c["end_ms"] for c in cues)
def lag(lo, hi):
    xs = sorted(c["emitted_at"] - (t0 + c["end_ms"]) for c in cues if not c["final"] and lo <= c["end_ms"] < hi)
    return f"p50 {xs[len(xs) // 2] / 1000:.2f} s, max {xs[-1] / 1000:.2f} s (n={len(xs)})" if xs else "none"
print(f"partial-caption lag, first 5 min: {lag(0, 300_000)}; last 5 min: {lag(end - 300_000, end + 1)}")
print(f"final cues: {sum(1 for c in cues if c['final'])}")
PY
