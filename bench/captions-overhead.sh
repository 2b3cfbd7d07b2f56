#!/usr/bin/env bash
# Captioning overhead: `./mmstream captions` on a >= 6 minute speech file (embedded broker, Kafka
# Streams with exactly-once, Vosk) against raw Vosk fed the same PCM in one loop, alternating in the
# same run. All are timed as whole processes (JVM start and model load included in each).
# mmstream runs twice a round: "cold", with no broker running for the data dir (the command starts
# the background broker and waits for it), and "warm", with the broker already running (as when
# `serve` or another command keeps it up, or a command ran in the last 10 minutes).
#
#   bench/captions-overhead.sh [ROUNDS] [MIN_SECONDS]   (defaults: 3 rounds, a 360 s file)
#
# Reports wall time of each, overhead = pipeline / raw - 1, the pipeline's real-time factor
# (wall / media duration), peak RSS (GNU time; the broker's own process is reported apart), and the
# WER of each against the reference.
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
# warm-up, the same for both sides: extracts the Vosk model, its view for files and the native
# libraries into each side's caches once
"$ROOT/mmstream" --data-dir "$OUT_DIR/data" captions "$ROOT/samples/dashwood.mp4" -o "$OUT_DIR/warmup.vtt" 2>/dev/null
head -c 320000 "$BASE.s16le" > "$OUT_DIR/warmup.s16le"
java "${JAVA_FLAGS[@]}" -cp "$CP" io.mmstream.streams.bench.RawVoskBaseline "$OUT_DIR/warmup.s16le" "$OUT_DIR/cache" >/dev/null 2>&1

mm() { # mm NAME: times one captions command into $OUT_DIR/NAME.time and NAME.vtt
  /usr/bin/time -f "%e %M" -o "$OUT_DIR/$1.time" "$ROOT/mmstream" --data-dir "$OUT_DIR/data" \
    captions "$MEDIA" -o "$OUT_DIR/$1.vtt" --no-progress 2>/dev/null
}
pct() { echo "($1 / $2 - 1) * 100" | bc -l; }
raw_times=(); cold_times=(); warm_times=(); cold_over=(); warm_over=()
for ((r = 1; r <= ROUNDS; r++)); do
  /usr/bin/time -f "%e %M" -o "$OUT_DIR/raw.time" java "${JAVA_FLAGS[@]}" -cp "$CP" \
    io.mmstream.streams.bench.RawVoskBaseline "$BASE.s16le" "$OUT_DIR/cache" \
    > "$OUT_DIR/raw.txt" 2>/dev/null
  "$ROOT/mmstream" --data-dir "$OUT_DIR/data" broker stop >/dev/null
  mm cold
  broker_kb=$(awk '/VmHWM/ {print $2}' "/proc/$(sed -n 's/^pid=//p' "$OUT_DIR/data/broker/broker.properties")/status")
  mm warm
  read -r raw_s raw_kb < "$OUT_DIR/raw.time"; read -r cold_s cold_kb < "$OUT_DIR/cold.time"; read -r warm_s warm_kb < "$OUT_DIR/warm.time"
  printf 'round %d: raw vosk %.1f s (%d MB); mmstream, broker not running %.1f s (%d MB) %+.1f%%; broker running %.1f s (%d MB) %+.1f%%; broker process peak %d MB\n' \
    "$r" "$raw_s" $((raw_kb / 1024)) "$cold_s" $((cold_kb / 1024)) "$(pct "$cold_s" "$raw_s")" \
    "$warm_s" $((warm_kb / 1024)) "$(pct "$warm_s" "$raw_s")" $((broker_kb / 1024))
  raw_times+=("$raw_s"); cold_times+=("$cold_s"); warm_times+=("$warm_s")
  cold_over+=("$(pct "$cold_s" "$raw_s")"); warm_over+=("$(pct "$warm_s" "$raw_s")")
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
rm=$(median "${raw_times[@]}"); cm=$(median "${cold_times[@]}"); wm=$(median "${warm_times[@]}")
printf 'median: raw vosk %.1f s; broker not running %.1f s, overhead %+.1f%%; broker running %.1f s, overhead %+.1f%%\n' \
  "$rm" "$cm" "$(median "${cold_over[@]}")" "$wm" "$(median "${warm_over[@]}")"
printf 'real-time factor: raw %.3f, broker not running %.3f, broker running %.3f\n' \
  "$(echo "$rm / $DURATION" | bc -l)" "$(echo "$cm / $DURATION" | bc -l)" "$(echo "$wm / $DURATION" | bc -l)"
for name in cold warm; do
  grep -v -- '-->' "$OUT_DIR/$name.vtt" | grep -v '^WEBVTT' | tr '\n' ' ' > "$OUT_DIR/$name.txt"
done
printf 'WER: raw vosk %s, broker not running %s, broker running %s\n' \
  "$(wer "$OUT_DIR/raw.txt")" "$(wer "$OUT_DIR/cold.txt")" "$(wer "$OUT_DIR/warm.txt")"
