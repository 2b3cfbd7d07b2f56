#!/usr/bin/env bash
# Makes a long (>= 6 min) speech file for benchmarks. Not committed.
#
#   bench/make-long-speech.sh [OUT.mp4] [MIN_SECONDS]   (defaults: bench/out/long-speech.mp4, 360)
#
# Audio: the five LibriVox "Sense and Sensibility" utterances from Debian's
# pocketsphinx-testdata (BSD-2, see samples/NOTICE.md), in `fileids` order,
# 0.5 s of leading silence and 1.0 s of silence between utterances, repeated
# until the total is >= MIN_SECONDS; AAC 16 kHz mono 48 kb/s.
# Video: H.264 320x180 5 fps testsrc2 pattern, same length.
#
# Also writes, next to OUT.mp4 (same basename):
#   OUT.s16le  raw 16 kHz mono signed 16-bit little-endian PCM decoded by
#              ffmpeg from OUT.mp4 (exactly what a decoder of that file yields)
#   OUT.txt    the reference transcript, one utterance per line, in order
set -euo pipefail
export LC_ALL=C

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LIBRIVOX=/usr/share/pocketsphinx/test/data/librivox
OUT="${1:-$ROOT/bench/out/long-speech.mp4}"
[[ "$OUT" == *.mp4 ]] || { echo "make-long-speech: output must end in .mp4" >&2; exit 1; }
BASE="${OUT%.mp4}"

die() { echo "make-long-speech: $*" >&2; exit 1; }
need_cmd() { command -v "$1" >/dev/null 2>&1 || die "command '$1' not found (install the Debian package '$2')"; }
need_file() { [[ -f "$1" ]] || die "missing $1 (install the Debian package '$2')"; }
need_cmd ffmpeg ffmpeg
need_cmd ffprobe ffmpeg
need_cmd python3 python3
need_file "$LIBRIVOX/fileids" pocketsphinx-testdata
need_file "$LIBRIVOX/transcription" pocketsphinx-testdata
while read -r id; do
  [[ -n "$id" ]] && need_file "$LIBRIVOX/$id.wav" pocketsphinx-testdata
done < "$LIBRIVOX/fileids"

mkdir -p "$(dirname "$OUT")"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

python3 - "$LIBRIVOX" "$TMP/speech.wav" "$TMP/speech.txt" "${2:-360}" <<'PY'
import re, sys, wave
src, out_wav, out_txt = sys.argv[1:4]
RATE, LEAD, GAP, MIN_TOTAL = 16000, 0.5, 1.0, float(sys.argv[4])
ids = [l.strip() for l in open(f"{src}/fileids") if l.strip()]
texts = {}
for line in open(f"{src}/transcription"):
    m = re.match(r"\s*<s>\s*(.*?)\s*</s>\s*\((\S+)\)\s*$", line)
    if m:
        texts[m.group(2)] = m.group(1).lower()
pcm = {}
for uid in ids:
    with wave.open(f"{src}/{uid}.wav") as w:
        if (w.getframerate(), w.getnchannels(), w.getsampwidth()) != (RATE, 1, 2):
            sys.exit(f"{uid}.wav: expected 16 kHz mono 16-bit")
        pcm[uid] = w.readframes(w.getnframes())
frames = bytearray(b"\0\0" * int(LEAD * RATE))
lines, i = [], 0
while len(frames) / 2 / RATE < MIN_TOTAL:
    uid = ids[i % len(ids)]
    if i > 0:
        frames += b"\0\0" * int(GAP * RATE)
    frames += pcm[uid]
    lines.append(texts[uid])
    i += 1
with wave.open(out_wav, "wb") as w:
    w.setnchannels(1); w.setsampwidth(2); w.setframerate(RATE)
    w.writeframes(bytes(frames))
open(out_txt, "w").write("\n".join(lines) + "\n")
PY

DUR="$(python3 -c 'import sys,wave; w=wave.open(sys.argv[1]); print(w.getnframes()/w.getframerate())' "$TMP/speech.wav")"

ffmpeg -nostdin -hide_banner -loglevel error -y \
  -f lavfi -i "testsrc2=size=320x180:rate=5:duration=$DUR" \
  -i "$TMP/speech.wav" -map 0:v -map 1:a \
  -c:v libx264 -threads 1 -preset fast -crf 36 -g 10 -pix_fmt yuv420p -profile:v main \
  -c:a aac -b:a 48k -ar 16000 -ac 1 \
  -movflags +faststart -map_metadata -1 -fflags +bitexact "$TMP/out.mp4"

# PCM decoded from the final mp4 (no resampling happens: the AAC is 16 kHz mono).
ffmpeg -nostdin -hide_banner -loglevel error -y -i "$TMP/out.mp4" -map 0:a:0 \
  -ar 16000 -ac 1 -c:a pcm_s16le -f s16le "$TMP/out.s16le"

mv -f "$TMP/out.mp4" "$OUT"
mv -f "$TMP/out.s16le" "$BASE.s16le"
mv -f "$TMP/speech.txt" "$BASE.txt"

dur="$(ffprobe -v error -show_entries format=duration -of csv=p=0 "$OUT")"
pcm_bytes="$(stat -c %s "$BASE.s16le")"
echo "make-long-speech: $OUT (${dur} s, $(stat -c %s "$OUT") bytes)"
echo "make-long-speech: $BASE.s16le ($pcm_bytes bytes = $(python3 -c "print($pcm_bytes/32000)") s)"
echo "make-long-speech: $BASE.txt ($(wc -l < "$BASE.txt") utterances)"
