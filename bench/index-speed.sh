#!/usr/bin/env bash
# Indexing speed at the default settings: FILES files of MINUTES minutes of real speech each (the
# LibriVox utterances over a test picture, bench/make-long-speech.sh, each file made distinct) indexed
# by `mmstream index` on a fresh data dir with the broker already running; reports video hours per wall
# hour, and where the CPU went: per thread group of the index process, and the broker process. In the
# same run, the reference: raw Vosk (no Kafka, no frames) on the audio of two of the files at once, one
# per core: the speed recognition alone reaches on this machine, which indexing cannot pass.
#
#   bench/index-speed.sh [FILES] [MINUTES]   (defaults: 6 files of 5 minutes)
#   INDEX_ARGS="--objects" bench/index-speed.sh ...   indexes with those options added
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
FILES="${1:-6}"; MINUTES="${2:-5}"
LIB="$OUT_DIR/index-speed-library-$FILES-$MINUTES"
DATA="$OUT_DIR/index-speed-data"
MM="$ROOT/mmstream"
if [[ ! -d "$LIB" ]]; then
  mkdir -p "$LIB"
  "$ROOT/bench/make-long-speech.sh" "$OUT_DIR/speech-$MINUTES.mp4" $((MINUTES * 60)) >/dev/null
  for ((i = 0; i < FILES; i++)); do
    # a different picture tint per file: distinct contents, distinct videos
    ffmpeg -v error -y -i "$OUT_DIR/speech-$MINUTES.mp4" -vf "hue=h=$((i * 50))" -c:v libx264 -preset veryfast -c:a copy "$LIB/talk-$i.mp4" </dev/null
  done
fi
MEDIA_S=0
for f in "$LIB"/*.mp4; do MEDIA_S=$(echo "$MEDIA_S + $(ffprobe -v error -show_entries format=duration -of csv=p=0 "$f")" | bc -l); done
"$MM" --data-dir "$DATA" broker stop >/dev/null 2>&1 || true
# both sides start with warm caches: the data dir keeps its cache (the Vosk model's view for files,
# the sentence encoder) from a warm-up run, and raw Vosk warms its own below
if [[ ! -d "$DATA/cache" ]]; then
  "$MM" --data-dir "$DATA" index "$ROOT/samples/dashwood.mp4" --no-progress >/dev/null 2>&1
  "$MM" --data-dir "$DATA" broker stop >/dev/null 2>&1 || true
fi
find "$DATA" -mindepth 1 -maxdepth 1 ! -name cache -exec rm -rf {} +
"$MM" --data-dir "$DATA" broker start >/dev/null
BROKER=$(sed -n 's/^pid=//p' "$DATA/broker/broker.properties")
b0=$(awk '{print $14+$15}' /proc/$BROKER/stat)
start=$(date +%s.%N)
# shellcheck disable=SC2086
"$MM" --data-dir "$DATA" index "$LIB" --no-progress ${INDEX_ARGS:-} > "$OUT_DIR/index-speed.out" 2>&1 &
LAUNCHER=$!
sleep 2
PID=$(pgrep -f "index $LIB" | while read p; do [[ "$(cat /proc/$p/comm)" == java ]] && echo $p; done | head -1)
# every second, each thread's CPU so far (threads that end keep their last figure)
snap() { for t in /proc/$PID/task/*; do echo "${t##*/} $(awk '{print $14+$15}' $t/stat 2>/dev/null) $(cat $t/comm 2>/dev/null)"; done; }
: > "$OUT_DIR/index-threads.log"
while kill -0 "$PID" 2>/dev/null; do snap >> "$OUT_DIR/index-threads.log" 2>/dev/null; sleep 1; done
awk 'NF >= 3 { tid=$1; cpu=$2; $1=""; $2=""; name[tid]=$0; if (cpu > best[tid]) best[tid]=cpu } END { for (t in best) print best[t], name[t] }' \
  "$OUT_DIR/index-threads.log" > "$OUT_DIR/index-threads.txt"
wait $LAUNCHER || true
end=$(date +%s.%N)
b1=$(awk '{print $14+$15}' /proc/$BROKER/stat)
"$MM" --data-dir "$DATA" broker stop >/dev/null
WALL=$(echo "$end - $start" | bc -l)
cat "$OUT_DIR/index-speed.out" | tail -1
echo "index options: ${INDEX_ARGS:-(defaults)}"
printf 'media %.1f min in %.1f s of wall: %.1f video hours per wall hour\n' "$(echo "$MEDIA_S / 60" | bc -l)" "$WALL" "$(echo "$MEDIA_S / $WALL" | bc -l)"
echo "CPU seconds by thread group of the index process (sampled every second up to its last), and the broker:"
awk '{ n=$2; sub(/-[0-9a-f]{8}-[0-9a-f-]+/, "", n); sub(/[0-9]+$/, "", n); sub(/ .*/, "", n); cpu[n]+=$1 } END { for (k in cpu) printf "  %7.1f  %s\n", cpu[k]/100, k }' "$OUT_DIR/index-threads.txt" | sort -rn | head -14
awk '{ s += $1 } END { printf "  %7.1f  index process, all threads\n", s / 100 }' "$OUT_DIR/index-threads.txt"
printf '  %7.1f  broker process\n' "$(echo "($b1 - $b0) / 100" | bc -l)"

# the reference, in the same run: raw Vosk on two files' audio at once, one per core
for i in 0 1; do ffmpeg -v error -y -i "$LIB/talk-$i.mp4" -ac 1 -ar 16000 -f s16le "$OUT_DIR/index-speed-$i.s16le" </dev/null; done
head -c 320000 "$OUT_DIR/index-speed-0.s16le" > "$OUT_DIR/index-speed-warm.s16le"
java "${JAVA_FLAGS[@]}" -cp "$CP" io.mmstream.streams.bench.RawVoskBaseline "$OUT_DIR/index-speed-warm.s16le" "$OUT_DIR/cache" >/dev/null 2>&1
r0=$(date +%s.%N)
for i in 0 1; do
  java "${JAVA_FLAGS[@]}" -cp "$CP" io.mmstream.streams.bench.RawVoskBaseline "$OUT_DIR/index-speed-$i.s16le" "$OUT_DIR/cache" >/dev/null 2>&1 &
done
wait
r1=$(date +%s.%N)
RAW_S=$(echo "$r1 - $r0" | bc -l)
AUDIO_S=$(echo "($(stat -c %s "$OUT_DIR/index-speed-0.s16le") + $(stat -c %s "$OUT_DIR/index-speed-1.s16le")) / 32000" | bc -l)
printf 'reference: raw Vosk, two files at once: %.1f min of audio in %.1f s: %.1f hours per wall hour; indexing reached %.0f%% of it\n' \
  "$(echo "$AUDIO_S / 60" | bc -l)" "$RAW_S" "$(echo "$AUDIO_S / $RAW_S" | bc -l)" "$(echo "100 * ($MEDIA_S / $WALL) / ($AUDIO_S / $RAW_S)" | bc -l)"
