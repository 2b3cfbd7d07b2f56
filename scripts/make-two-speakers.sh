#!/usr/bin/env bash
# Builds the committed fixture of two real speakers back to back, for cues that end where the speaker
# changes:
#
#   fixtures/two-speakers.mp4, fixtures/two-speakers.segments.tsv
#
# Speaker 1: the LibriVox "Sense and Sensibility" reader (utterances 0870 and 0880, 1.0 s apart);
# speaker 2, 0.2 s after speaker 1's last sound: the CMU "cards" recordings 005, 001-004 (another man; the longest
# first, so the new speaker says more than 1 s before the recogniser can end the utterance), 0.3 s
# apart; each recording trimmed to its speech (silencedetect -35 dB / 0.1 s). Both from Debian's
# pocketsphinx-testdata (BSD-2, see fixtures/NOTICE.md). 0.5 s of silence before, 1.0 s after.
# H.264 320x180 5 fps testsrc2 + AAC 16 kHz mono 48 kb/s.
# The segments file has one line per recording: speaker, start_s, end_s (speech, s) and the reference text.
#
# Inputs: Debian's ffmpeg, python3 and pocketsphinx-testdata; deterministic, no network.
set -euo pipefail
export LC_ALL=C

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DATA=/usr/share/pocketsphinx/test/data
die() { echo "make-two-speakers: $*" >&2; exit 1; }
command -v ffmpeg >/dev/null || die "command 'ffmpeg' not found (install the Debian package 'ffmpeg')"
command -v python3 >/dev/null || die "command 'python3' not found (install the Debian package 'python3')"
[[ -f "$DATA/librivox/transcription" && -f "$DATA/cards/cards.transcription" ]] \
  || die "missing $DATA (install the Debian package 'pocketsphinx-testdata')"

TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

PYTHONPATH="$ROOT/scripts" python3 - "$DATA" "$TMP/speech.wav" "$TMP/two-speakers.segments.tsv" <<'PY'
import re, sys, wave
from librivox import speech_bounds, texts

data, out_wav, out_tsv = sys.argv[1:4]
RATE, LEAD, TURN, TAIL = 16000, 0.5, 0.2, 1.0
librivox = texts(f"{data}/librivox")
cards = {}
for line in open(f"{data}/cards/cards.transcription"):
    m = re.match(r"\s*<s>\s*(.*?)\s*</s>\s*\((\S+)\)\s*$", line)
    if m:
        cards[m.group(2)] = m.group(1).lower()
SPEAKERS = [
    (1, 1.0, [(f"{data}/librivox/sense_and_sensibility_01_austen_64kb-{u}.wav",
               librivox[f"sense_and_sensibility_01_austen_64kb-{u}"]) for u in ("0870", "0880")]),
    (2, 0.3, [(f"{data}/cards/{c}.wav", cards[c]) for c in ("005", "001", "002", "003", "004")]),
]

def speech(path):
    """The recording's samples from its first to its last sound."""
    with wave.open(path) as w:
        assert w.getframerate() == RATE and w.getnchannels() == 1 and w.getsampwidth() == 2, path
        pcm, n = w.readframes(w.getnframes()), w.getnframes()
    start, end = speech_bounds(path, n / RATE)
    return pcm[2 * int(start * RATE):2 * int(end * RATE)]

frames = bytearray(b"\0\0" * int(LEAD * RATE))
rows = []
for i, (speaker, pause, recordings) in enumerate(SPEAKERS):
    for j, (path, text) in enumerate(recordings):
        if i > 0 or j > 0:
            frames += b"\0\0" * int((TURN if j == 0 else pause) * RATE)
        start = len(frames) / 2 / RATE
        frames += speech(path)
        rows.append((speaker, start, len(frames) / 2 / RATE, text))
frames += b"\0\0" * int(TAIL * RATE)
with wave.open(out_wav, "wb") as w:
    w.setnchannels(1); w.setsampwidth(2); w.setframerate(RATE)
    w.writeframes(bytes(frames))
with open(out_tsv, "w") as f:
    f.write("speaker\tstart_s\tend_s\ttext\n")
    for s, a, b, t in rows:
        f.write(f"{s}\t{a:.3f}\t{b:.3f}\t{t}\n")
PY

DUR="$(python3 -c 'import sys,wave; w=wave.open(sys.argv[1]); print(w.getnframes()/w.getframerate())' "$TMP/speech.wav")"
ffmpeg -nostdin -hide_banner -loglevel error -y \
  -f lavfi -i "testsrc2=size=320x180:rate=5:duration=$DUR" -i "$TMP/speech.wav" -map 0:v -map 1:a \
  -c:v libx264 -threads 1 -preset slow -crf 38 -g 10 -pix_fmt yuv420p -profile:v main \
  -c:a aac -b:a 48k -ar 16000 -ac 1 \
  -movflags +faststart -map_metadata -1 -fflags +bitexact -flags:v +bitexact -flags:a +bitexact "$TMP/two-speakers.mp4"

mkdir -p "$ROOT/fixtures"
cp "$TMP/two-speakers.mp4" "$TMP/two-speakers.segments.tsv" "$ROOT/fixtures/"
echo "make-two-speakers: wrote fixtures/two-speakers.mp4 ($(stat -c %s "$ROOT/fixtures/two-speakers.mp4") bytes, $DUR s)"
cat "$ROOT/fixtures/two-speakers.segments.tsv"
