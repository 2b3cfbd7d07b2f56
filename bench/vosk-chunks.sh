#!/usr/bin/env bash
# Vosk's CPU per hour of speech by the acoustic network's chunk size: raw Vosk (RawVoskBaseline, no
# Kafka) on the same 5 minutes of real speech with Kaldi's 20 frames per chunk and with the 99 that
# `captions` and `index` use (VoskModels.forFiles), alternating in each round; reports recognition
# seconds (model load excluded), the process's user CPU seconds and the WER of each.
#
#   bench/vosk-chunks.sh [ROUNDS] [CHUNKS...]   (defaults: 3 rounds of 20 and 99)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
need /usr/bin/time time
ROUNDS="${1:-3}"
CHUNKS=("${@:2}")
((${#CHUNKS[@]})) || CHUNKS=(20 99)
MEDIA="$OUT_DIR/speech-5.mp4"
[[ -f "$MEDIA" ]] || "$ROOT/bench/make-long-speech.sh" "$MEDIA" 300 >/dev/null
BASE="${MEDIA%.mp4}"
[[ -f "$BASE.s16le" ]] || ffmpeg -v error -y -i "$MEDIA" -ac 1 -ar 16000 -f s16le "$BASE.s16le" </dev/null
for ((r = 1; r <= ROUNDS; r++)); do
  line="round $r:"
  for c in "${CHUNKS[@]}"; do
    /usr/bin/time -f "%U" -o "$OUT_DIR/chunks.time" java "${JAVA_FLAGS[@]}" -cp "$CP" io.mmstream.streams.bench.RawVoskBaseline \
      "$BASE.s16le" "$OUT_DIR/cache" "$c" > "$OUT_DIR/chunks-$c.txt" 2> "$OUT_DIR/chunks-$c.err"
    decode=$(sed -n 's/.*decode_s=\([0-9.]*\).*/\1/p' "$OUT_DIR/chunks-$c.err")
    wer=$(java -cp "$CP" io.mmstream.streams.bench.WerOf "$BASE.txt" "$OUT_DIR/chunks-$c.txt")
    line="$line  $c frames: recognition ${decode} s, user CPU $(cat "$OUT_DIR/chunks.time") s, WER $wer;"
  done
  echo "$line"
done
