#!/usr/bin/env bash
# Readable final cues against the recogniser's words: the live cue path (Vosk with partials, 100 ms
# chunks, the speaker-change detector, LiveCues) on samples/dashwood.mp4 (one speaker),
# fixtures/two-speakers.mp4 and an espeak-ng reading with numbers (synthetic); prints the final cues and
# the WER of the words, of the cue text against the reference with its numbers as digits too, and of the
# cue text against the spoken reference (ReadableCuesBench). Speaker detection off as well, to compare.
#
#   bench/readable-cues.sh
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
need ffmpeg ffmpeg
need espeak-ng espeak-ng
WORK="$OUT_DIR/readable"
mkdir -p "$WORK"
pcm() { ffmpeg -v error -y -i "$1" -vn -ar 16000 -ac 1 -f s16le "$2"; }
pcm "$ROOT/samples/dashwood.mp4" "$WORK/dashwood.s16le"
tail -n +2 "$ROOT/samples/dashwood.segments.tsv" | cut -f3 > "$WORK/dashwood.txt"
pcm "$ROOT/fixtures/two-speakers.mp4" "$WORK/two-speakers.s16le"
tail -n +2 "$ROOT/fixtures/two-speakers.segments.tsv" | cut -f4 > "$WORK/two-speakers.txt"
NUMBERS="In nineteen eighty four twenty three people bought one hundred and five tickets. The show on the twenty first of May drew two thousand and twenty visitors, and one of them came back eleven times."
echo "$NUMBERS" | tr 'A-Z' 'a-z' | tr -d '.,' > "$WORK/numbers.txt"
espeak-ng -v en-us -s 150 -w "$WORK/numbers.wav" "$NUMBERS"
pcm "$WORK/numbers.wav" "$WORK/numbers.s16le"
for name in dashwood two-speakers numbers; do
  for mode in "" --no-speakers; do
    echo "== $name ${mode:-(speaker changes on)} =="
    java "${JAVA_FLAGS[@]}" -cp "$CP" io.mmstream.streams.bench.ReadableCuesBench "$WORK/$name.s16le" "$WORK/$name.txt" "$OUT_DIR/cache" $mode
  done
done
