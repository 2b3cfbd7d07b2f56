#!/usr/bin/env bash
# Memory footprint: peak resident memory (GNU time's maximum RSS) of `./mmstream captions` on a
# >= 6-minute speech file and of `./mmstream live` on one real-time UDP stream, against raw Vosk
# (io.mmstream.streams.bench.RawVoskBaseline: the same model fed the file's PCM in one loop), in one
# run. Each mmstream command runs twice: with the heap the launcher sizes for it (the default), and
# with the JVM's default heap (MMSTREAM_HEAP=jvm-default: a quarter of the machine's memory, as the
# launcher did before). The data dir's broker is a process of its own; it is restarted before each
# command so its peak (VmHWM) is that command's, and reported beside it.
#
#   bench/memory-footprint.sh [ROUNDS] [LIVE_SECONDS]   (defaults: 2 rounds, 120 s of live stream)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
need /usr/bin/time time
need ffmpeg ffmpeg
ROUNDS="${1:-2}"
LIVE_SECONDS="${2:-120}"
OUT="$OUT_DIR/memory"
mkdir -p "$OUT"
MEDIA="$OUT_DIR/long-speech-360.mp4"
[[ -f "$MEDIA" ]] || "$ROOT/bench/make-long-speech.sh" "$MEDIA" 360 >/dev/null
BASE="${MEDIA%.mp4}"
DATA="$OUT/data"
MM="$ROOT/mmstream"

broker_peak_mb() {
  awk '/VmHWM/ {print int($2 / 1024)}' "/proc/$(sed -n 's/^pid=//p' "$DATA/broker/broker.properties")/status"
}
fresh_broker() { "$MM" --data-dir "$DATA" broker stop >/dev/null 2>&1 || true; "$MM" --data-dir "$DATA" broker start >/dev/null; }

# warm-up: the model and native libraries unpacked in both sides' caches
"$MM" --data-dir "$DATA" captions "$ROOT/samples/dashwood.mp4" -o "$OUT/warmup.vtt" 2>/dev/null
head -c 320000 "$BASE.s16le" >"$OUT/warmup.s16le"
java "${JAVA_FLAGS[@]}" -cp "$CP" io.mmstream.streams.bench.RawVoskBaseline "$OUT/warmup.s16le" "$OUT_DIR/cache" >/dev/null 2>&1

captions() { # captions HEAP: peak RSS of the command in MB, then the broker's
  fresh_broker
  MMSTREAM_HEAP="$1" /usr/bin/time -f "%M" -o "$OUT/captions.rss" "$MM" --data-dir "$DATA" captions "$MEDIA" \
    -o "$OUT/captions-$1.vtt" --no-progress 2>/dev/null
  echo "$(($(cat "$OUT/captions.rss") / 1024)) $(broker_peak_mb)"
}
live() { # live HEAP: the same for one stream of LIVE_SECONDS pushed in real time
  fresh_broker
  local port pid
  port=$(free_udp_port)
  MMSTREAM_HEAP="$1" /usr/bin/time -f "%M" -o "$OUT/live.rss" "$MM" --data-dir "$DATA" live "udp://127.0.0.1:$port" \
    --timeout 5 --jsonl "$OUT/live-$1.jsonl" 2>"$OUT/live-$1.err" &
  pid=$!
  await_udp "$port" "$pid" "$OUT/live-$1.err"
  ffmpeg -v error -re -stream_loop -1 -i "$ROOT/samples/dashwood.mp4" -t "$LIVE_SECONDS" -c copy -f mpegts \
    "udp://127.0.0.1:$port?pkt_size=1316"
  wait "$pid"
  echo "$(($(cat "$OUT/live.rss") / 1024)) $(broker_peak_mb)"
}

printf 'round\traw_vosk_mb\tcaptions_mb\tcaptions_broker_mb\tcaptions_jvm_default_mb\tcaptions_jvm_default_broker_mb\tlive_mb\tlive_broker_mb\tlive_jvm_default_mb\tlive_jvm_default_broker_mb\n' \
  | tee "$OUT/footprint.tsv"
for ((r = 1; r <= ROUNDS; r++)); do
  /usr/bin/time -f "%M" -o "$OUT/raw.rss" java "${JAVA_FLAGS[@]}" -cp "$CP" io.mmstream.streams.bench.RawVoskBaseline \
    "$BASE.s16le" "$OUT_DIR/cache" >/dev/null 2>&1
  raw=$(($(cat "$OUT/raw.rss") / 1024))
  read -r c cb < <(captions launcher)
  read -r cd cdb < <(captions jvm-default)
  read -r l lb < <(live launcher)
  read -r ld ldb < <(live jvm-default)
  printf '%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\n' "$r" "$raw" "$c" "$cb" "$cd" "$cdb" "$l" "$lb" "$ld" "$ldb" | tee -a "$OUT/footprint.tsv"
done
python3 - "$OUT/footprint.tsv" <<'PY'
import sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1])]
head, rows = rows[0], [list(map(int, r)) for r in rows[1:]]
col = {n: i for i, n in enumerate(head)}
def med(name):
    xs = sorted(r[col[name]] for r in rows)
    return xs[len(xs) // 2]
raw = med("raw_vosk_mb")
print(f"median peak RSS: raw Vosk {raw} MB")
for what in ("captions", "live"):
    for heap, key in (("launcher heap", what), ("JVM default heap", what + "_jvm_default")):
        c, b = med(key + "_mb"), med(key + "_broker_mb")
        print(f"  {what}, {heap}: command {c} MB ({c / raw:.2f}x raw Vosk), broker {b} MB, together {c + b} MB ({(c + b) / raw:.2f}x)")
PY
