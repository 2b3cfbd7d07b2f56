#!/usr/bin/env bash
# Captioning overhead: `./mmstream captions` on a >= 6 minute speech file (embedded broker, Kafka
# Streams with exactly-once, Vosk) against raw Vosk fed the same PCM in one loop, alternating in the
# same run. Both are timed as whole processes (JVM start and model load included in both).
#
#   bench/captions-overhead.sh [ROUNDS] [MIN_SECONDS]   (defaults: 3 rounds, a 360 s file)
#
# Reports wall time of each, overhead = pipeline / raw - 1, the pipeline's real-time factor
# (wall / media duration), peak RSS of both (GNU time), and the WER of both against the reference.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
need /usr/bin/time time
need bc bc
ROUNDS="${1:-3}"
MIN_SECONDS="${2:-360}"
MEDIA="$OUT_DIR/long-speech-$MIN_SECONDS.mp4"
[[ -f "$MEDIA" ]] || "$ROOT/bench/make-long-speech.sh" "$MEDIA" "$MIN_SECONDS" >/dev/null
BASE="${MEDIA%.mp4}"
DURATION=$(ffprobe -v error -show_entries format=duration -of csv=p=0 "$MEDIA")
echo "media: $MEDIA ($DURATION s)"

wer() { java -cp "$CP" io.mmstream.streams.bench.WerOf "$BASE.txt" "$1"; }
# warm-up: extracts the Vosk model and native libraries into the caches once
"$ROOT/mmstream" --data-dir "$OUT_DIR/data" captions "$ROOT/samples/dashwood.mp4" -o "$OUT_DIR/warmup.vtt" 2>/dev/null

raw_times=(); mm_times=(); overheads=()
for ((r = 1; r <= ROUNDS; r++)); do
  /usr/bin/time -f "%e %M" -o "$OUT_DIR/raw.time" java "${JAVA_FLAGS[@]}" -cp "$CP" \
    io.mmstream.streams.bench.RawVoskBaseline "$BASE.s16le" "$OUT_DIR/cache" \
    > "$OUT_DIR/raw.txt" 2>/dev/null
  /usr/bin/time -f "%e %M" -o "$OUT_DIR/mm.time" "$ROOT/mmstream" --data-dir "$OUT_DIR/data" \
    captions "$MEDIA" -o "$BASE.vtt" --no-progress 2>/dev/null
  read -r raw_s raw_kb < "$OUT_DIR/raw.time"; read -r mm_s mm_kb < "$OUT_DIR/mm.time"
  printf 'round %d: raw vosk %.1f s (peak RSS %d MB), mmstream captions %.1f s (peak RSS %d MB), overhead %+.1f%%\n' \
    "$r" "$raw_s" $((raw_kb / 1024)) "$mm_s" $((mm_kb / 1024)) "$(echo "($mm_s / $raw_s - 1) * 100" | bc -l)"
  raw_times+=("$raw_s"); mm_times+=("$mm_s")
  overheads+=("$(echo "($mm_s / $raw_s - 1) * 100" | bc -l)")
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
rm=$(median "${raw_times[@]}"); mm=$(median "${mm_times[@]}")
printf 'median: raw vosk %.1f s, mmstream %.1f s, overhead (median of the rounds) %+.1f%%, real-time factor %.3f (raw %.3f)\n' \
  "$rm" "$mm" "$(median "${overheads[@]}")" "$(echo "$mm / $DURATION" | bc -l)" "$(echo "$rm / $DURATION" | bc -l)"
grep -v -- '-->' "$BASE.vtt" | grep -v '^WEBVTT' | tr '\n' ' ' > "$OUT_DIR/mm.txt"
printf 'WER: raw vosk %s, mmstream %s\n' "$(wer "$OUT_DIR/raw.txt")" "$(wer "$OUT_DIR/mm.txt")"
