#!/usr/bin/env bash
# Speaker-change detection (SpeakerChangeDetector: MFCC + BIC) on real speech with known changes: two
# different real speakers back to back with 0.2 s between them, made from Debian's pocketsphinx-testdata
# (the LibriVox reader of samples/dashwood.mp4, the CMU "cards" speaker, and the single recordings
# goforward.raw, numbers.raw, something.raw and tidigits/dhd.2934z.raw, each trimmed to its speech), in
# both orders, plus each speaker alone (false changes); then espeak-ng voices as a synthetic extra check.
# Reports, per set, the detection rate (a change found within 1 s of the true one), the false changes
# per minute and the detector's CPU per second of audio (SpeakerChangeBench).
#
#   bench/speaker-changes.sh [SpeakerChangeBench options, e.g. --lambda 2.0]
set -euo pipefail
OPTS=("$@")
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
need ffmpeg ffmpeg
need espeak-ng espeak-ng
DATA=/usr/share/pocketsphinx/test/data
[[ -d "$DATA/librivox" ]] || { echo "bench: $DATA missing (apt-get install pocketsphinx-testdata)" >&2; exit 1; }
WORK="$OUT_DIR/speakers"
mkdir -p "$WORK"
cd "$WORK"
TRIM="silenceremove=start_periods=1:start_threshold=-40dB:start_silence=0.05,areverse,silenceremove=start_periods=1:start_threshold=-40dB:start_silence=0.05,areverse"
pcm() { local out="$1"; shift; ffmpeg -v error -y "$@" -ar 16000 -ac 1 -f s16le "$out"; } # pcm OUT INPUT_OPTIONS...
# real speakers: NAME.s16le (as recorded) and NAME.trim.s16le (speech only)
pcm dashwood.s16le -i "$ROOT/samples/dashwood.mp4" -vn
pcm dashwood.trim.s16le -i "$ROOT/samples/dashwood.mp4" -vn -af "$TRIM"
pcm cards.s16le -i "$DATA/cards/001.wav" -i "$DATA/cards/002.wav" -i "$DATA/cards/003.wav" -i "$DATA/cards/004.wav" \
  -i "$DATA/cards/005.wav" -filter_complex "concat=n=5:v=0:a=1"
for f in goforward numbers something; do pcm $f.s16le -f s16le -ar 16000 -ac 1 -i "$DATA/$f.raw"; done
pcm tidigits.s16le -f s16le -ar 16000 -ac 1 -i "$DATA/tidigits/dhd.2934z.raw"
for f in cards goforward numbers something tidigits; do pcm $f.trim.s16le -f s16le -ar 16000 -ac 1 -i $f.s16le -af "$TRIM"; done
head -c 6400 /dev/zero > gap.s16le # 0.2 s
# pair A B: A's speech, 0.2 s, B's speech; the change in the middle of the gap
pair() {
  cat "$1.trim.s16le" gap.s16le "$2.trim.s16le" > "pair-$1-$2.s16le"
  python3 -c "import os; print('pair-$1-$2.s16le@%.3f' % (os.path.getsize('$1.trim.s16le') / 32000 + 0.1))"
}
REAL=()
for p in "dashwood cards" "dashwood goforward" "dashwood numbers" "dashwood something" "dashwood tidigits" "cards goforward" "cards tidigits"; do
  set -- $p
  REAL+=("$(pair "$1" "$2")" "$(pair "$2" "$1")")
done
ALONE=(dashwood.s16le cards.s16le goforward.s16le numbers.s16le something.s16le tidigits.s16le)
# synthetic extra check: espeak-ng voices reading different sentences
TEXT1="The committee met on Tuesday to discuss the new budget. Several members asked for more time before the vote, and the chair agreed to wait another week."
TEXT2="Rain is expected across the north tomorrow morning. Temperatures will stay low for most of the day, with some sunshine later in the afternoon."
for v in en-us en+f3 en-gb+m3; do
  espeak-ng -v "$v" -s 160 -w "espeak-$v-1.wav" "$TEXT1"
  espeak-ng -v "$v" -s 160 -w "espeak-$v-2.wav" "$TEXT2"
  pcm "espeak-$v-1.trim.s16le" -i "espeak-$v-1.wav" -af "$TRIM"
  pcm "espeak-$v-2.trim.s16le" -i "espeak-$v-2.wav" -af "$TRIM"
  cat "espeak-$v-1.trim.s16le" gap.s16le "espeak-$v-2.trim.s16le" > "espeak-$v.s16le"
done
SYNTH=()
for p in "en-us en+f3" "en+f3 en-us" "en-us en-gb+m3" "en-gb+m3 en-us" "en+f3 en-gb+m3"; do
  set -- $p
  cat "espeak-$1-1.trim.s16le" gap.s16le "espeak-$2-2.trim.s16le" > "synth-$1-$2.s16le"
  SYNTH+=("$(python3 -c "import os; print('synth-$1-$2.s16le@%.3f' % (os.path.getsize('espeak-$1-1.trim.s16le') / 32000 + 0.1))")")
done
run() { java "${JAVA_FLAGS[@]}" -cp "$CP" io.mmstream.streams.bench.SpeakerChangeBench "$@"; }
echo "== real speech: 14 pairs of two speakers (0.2 s apart) =="
run "${OPTS[@]}" "${REAL[@]}"
echo "== real speech: each speaker alone =="
run "${OPTS[@]}" "${ALONE[@]}"
echo "== espeak-ng (synthetic, extra check): 5 pairs, then each voice alone (two sentences, 0.2 s apart) =="
run "${OPTS[@]}" "${SYNTH[@]}"
run "${OPTS[@]}" espeak-en-us.s16le espeak-en+f3.s16le espeak-en-gb+m3.s16le
