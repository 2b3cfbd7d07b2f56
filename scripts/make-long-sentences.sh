#!/usr/bin/env bash
# Builds the committed fixture of speech in long sentences, for live captions whose sentences run
# past one caption:
#
#   fixtures/long-sentences.mp4, fixtures/long-sentences.segments.tsv
#
# Two sentences of more than 10 s of real speech each, made of the LibriVox "Sense and Sensibility"
# utterances in Debian's pocketsphinx-testdata (BSD-2, see fixtures/NOTICE.md) with their silences
# trimmed and joined by 0.12 s pauses, as a reader runs one clause into the next:
#   1: 0870 + 0890          2: 0920 + 0880 + 0930
# 0.5 s of silence before the first, 1.5 s between them and 1.0 s after the last.
# H.264 320x180 5 fps testsrc2 + AAC 16 kHz mono 48 kb/s.
# The segments file has one line per sentence: start_s, end_s (speech, s) and the reference text.
#
# Inputs: Debian's ffmpeg, python3 and pocketsphinx-testdata; deterministic, no network.
set -euo pipefail
export LC_ALL=C

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LIBRIVOX=/usr/share/pocketsphinx/test/data/librivox
die() { echo "make-long-sentences: $*" >&2; exit 1; }
command -v ffmpeg >/dev/null || die "command 'ffmpeg' not found (install the Debian package 'ffmpeg')"
command -v python3 >/dev/null || die "command 'python3' not found (install the Debian package 'python3')"
[[ -f "$LIBRIVOX/transcription" ]] || die "missing $LIBRIVOX (install the Debian package 'pocketsphinx-testdata')"

TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

PYTHONPATH="$ROOT/scripts" python3 - "$LIBRIVOX" "$TMP/speech.wav" "$TMP/long-sentences.segments.tsv" <<'PY'
import sys, wave
from librivox import speech_bounds, texts

src, out_wav, out_tsv = sys.argv[1:4]
RATE, LEAD, JOIN, GAP, TAIL = 16000, 0.5, 0.12, 1.5, 1.0
SENTENCES = [["0870", "0890"], ["0920", "0880", "0930"]]
texts = texts(src)

def speech(uid):
    """The utterance's samples from its first to its last sound, and its text."""
    uid = f"sense_and_sensibility_01_austen_64kb-{uid}"
    with wave.open(f"{src}/{uid}.wav") as w:
        pcm, n = w.readframes(w.getnframes()), w.getnframes()
    start, end = speech_bounds(f"{src}/{uid}.wav", n / RATE)
    return pcm[2 * int(start * RATE):2 * int(end * RATE)], texts[uid]

frames = bytearray(b"\0\0" * int(LEAD * RATE))
rows = []
for i, ids in enumerate(SENTENCES):
    if i > 0:
        frames += b"\0\0" * int(GAP * RATE)
    start = len(frames) / 2 / RATE
    words = []
    for j, uid in enumerate(ids):
        if j > 0:
            frames += b"\0\0" * int(JOIN * RATE)
        pcm, text = speech(uid)
        frames += pcm
        words.append(text)
    rows.append((start, len(frames) / 2 / RATE, " ".join(words)))
    if rows[-1][1] - start <= 10:
        sys.exit(f"sentence {i + 1} lasts {rows[-1][1] - start:.1f} s, not over 10 s")
frames += b"\0\0" * int(TAIL * RATE)
with wave.open(out_wav, "wb") as w:
    w.setnchannels(1); w.setsampwidth(2); w.setframerate(RATE)
    w.writeframes(bytes(frames))
with open(out_tsv, "w") as f:
    f.write("start_s\tend_s\ttext\n")
    for s, e, t in rows:
        f.write(f"{s:.3f}\t{e:.3f}\t{t}\n")
PY

DUR="$(python3 -c 'import sys,wave; w=wave.open(sys.argv[1]); print(w.getnframes()/w.getframerate())' "$TMP/speech.wav")"
ffmpeg -nostdin -hide_banner -loglevel error -y \
  -f lavfi -i "testsrc2=size=320x180:rate=5:duration=$DUR" -i "$TMP/speech.wav" -map 0:v -map 1:a \
  -c:v libx264 -threads 1 -preset slow -crf 38 -g 10 -pix_fmt yuv420p -profile:v main \
  -c:a aac -b:a 48k -ar 16000 -ac 1 \
  -movflags +faststart -map_metadata -1 -fflags +bitexact -flags:v +bitexact -flags:a +bitexact "$TMP/long-sentences.mp4"

mkdir -p "$ROOT/fixtures"
cp "$TMP/long-sentences.mp4" "$TMP/long-sentences.segments.tsv" "$ROOT/fixtures/"
echo "make-long-sentences: wrote fixtures/long-sentences.mp4 ($(stat -c %s "$ROOT/fixtures/long-sentences.mp4") bytes, $DUR s)"
cat "$ROOT/fixtures/long-sentences.segments.tsv"
