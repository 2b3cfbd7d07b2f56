#!/usr/bin/env bash
# Rebuilds the committed media fixtures of mmstream:
#
#   samples/dashwood.mp4, samples/dashwood.segments.tsv
#   fixtures/{dashwood.webm, dashwood.segments.tsv,
#       theora.ogv, vfr.mp4, video-only.mp4, audio-only.ogg, truncated.mp4,
#       truncated-faststart.mp4, random.bin, empty.mp4}
#
# Inputs: only Debian packages (ffmpeg, sox, python3, pocketsphinx-testdata).
# Speech: the five LibriVox "Sense and Sensibility" utterances shipped in
# pocketsphinx-testdata (BSD-2, see samples/NOTICE.md). Video tracks are
# generated ffmpeg test patterns. No network access is needed.
#
# The script is deterministic (bit-exact muxing, single-threaded encoders,
# fixed seeds) and idempotent (everything is built in a temp dir and then
# moved into place). It can be run from any working directory.
# The NOTICE.md files are maintained by hand and are not touched here.
set -euo pipefail
export LC_ALL=C

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SAMPLES="$ROOT/samples"
MEDIA="$ROOT/fixtures"
LIBRIVOX=/usr/share/pocketsphinx/test/data/librivox

die() { echo "make-fixtures: $*" >&2; exit 1; }
need_cmd() { command -v "$1" >/dev/null 2>&1 || die "command '$1' not found (install the Debian package '$2')"; }
need_file() { [[ -f "$1" ]] || die "missing $1 (install the Debian package '$2')"; }

need_cmd ffmpeg ffmpeg
need_cmd ffprobe ffmpeg
need_cmd sox sox
need_cmd python3 python3
need_file "$LIBRIVOX/fileids" pocketsphinx-testdata
need_file "$LIBRIVOX/transcription" pocketsphinx-testdata
while read -r id; do
  [[ -n "$id" ]] && need_file "$LIBRIVOX/$id.wav" pocketsphinx-testdata
done < "$LIBRIVOX/fileids"
encoders="$(ffmpeg -hide_banner -encoders 2>/dev/null)"
for enc in libx264 aac libvpx-vp9 libopus libtheora libvorbis; do
  grep -qE "^ [A-Z.]{6} $enc " <<<"$encoders" || die "ffmpeg has no '$enc' encoder (Debian's 'ffmpeg' package provides it)"
done

TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

# Common ffmpeg options: quiet, no stdin, overwrite, no random/host-specific
# metadata (bitexact muxers also give Ogg fixed serial numbers and WebM a fixed
# segment UID).
FF=(ffmpeg -nostdin -hide_banner -loglevel error -y)
BITEXACT=(-map_metadata -1 -fflags +bitexact -flags:v +bitexact -flags:a +bitexact)
X264=(-c:v libx264 -threads 1 -pix_fmt yuv420p -profile:v main)

# ---------------------------------------------------------------------------
# 1. Concatenated speech (16 kHz mono s16 WAV) + segments.tsv.
#    0.5 s silence, utt1, 1.0 s silence, utt2, ..., utt5 (no trailing pad).
#    start_s/end_s = where speech starts/ends inside each utterance
#    (ffmpeg silencedetect -35 dB / 0.1 s; non-silent blips < 0.1 s at the
#    edges are ignored) plus the utterance's offset in the concatenation.
# ---------------------------------------------------------------------------
PYTHONPATH="$ROOT/scripts" python3 - "$LIBRIVOX" "$TMP/dashwood.wav" "$TMP/dashwood.segments.tsv" <<'PY'
import sys, wave
from librivox import speech_bounds, texts

src, out_wav, out_tsv = sys.argv[1:4]
RATE, LEAD, GAP = 16000, 0.5, 1.0

ids = [l.strip() for l in open(f"{src}/fileids") if l.strip()]
texts = texts(src)

frames = bytearray(b"\0\0" * int(LEAD * RATE))
rows = []
for i, uid in enumerate(ids):
    path = f"{src}/{uid}.wav"
    with wave.open(path) as w:
        if (w.getframerate(), w.getnchannels(), w.getsampwidth()) != (RATE, 1, 2):
            sys.exit(f"{path}: expected 16 kHz mono 16-bit")
        pcm = w.readframes(w.getnframes())
        n = w.getnframes()
    if i > 0:
        frames += b"\0\0" * int(GAP * RATE)
    offset = len(frames) // 2 / RATE
    s, e = speech_bounds(path, n / RATE)
    rows.append((offset + s, offset + e, texts[uid]))
    frames += pcm

with wave.open(out_wav, "wb") as w:
    w.setnchannels(1); w.setsampwidth(2); w.setframerate(RATE)
    w.writeframes(bytes(frames))
with open(out_tsv, "w") as f:
    f.write("start_s\tend_s\ttext\n")
    for s, e, t in rows:
        f.write(f"{s:.3f}\t{e:.3f}\t{t}\n")
PY

DUR="$(sox --i -D "$TMP/dashwood.wav")"   # exact, e.g. 29.230000

# ---------------------------------------------------------------------------
# 2. samples/dashwood.mp4: H.264 320x180 15 fps testsrc2 + AAC 16 kHz mono
#    48 kb/s, faststart.
# ---------------------------------------------------------------------------
"${FF[@]}" -f lavfi -i "testsrc2=size=320x180:rate=15:duration=$DUR" \
  -i "$TMP/dashwood.wav" -map 0:v -map 1:a \
  "${X264[@]}" -preset slow -crf 38 -g 30 \
  -c:a aac -b:a 48k -ar 16000 -ac 1 \
  -movflags +faststart "${BITEXACT[@]}" "$TMP/dashwood.mp4"

# ---------------------------------------------------------------------------
# 3. media/dashwood.webm: VP9 160x90 10 fps + Opus 32 kb/s (48 kHz).
# ---------------------------------------------------------------------------
"${FF[@]}" -f lavfi -i "testsrc2=size=160x90:rate=10:duration=$DUR" \
  -i "$TMP/dashwood.wav" -map 0:v -map 1:a \
  -c:v libvpx-vp9 -threads 1 -row-mt 0 -deadline good -cpu-used 4 \
  -b:v 24k -g 20 -pix_fmt yuv420p \
  -c:a libopus -b:a 32k -ar 48000 -ac 1 \
  "${BITEXACT[@]}" "$TMP/dashwood.webm"

# ---------------------------------------------------------------------------
# 4. media/theora.ogv: 3 s Theora 160x120 12 fps testsrc + Vorbis 440 Hz mono.
# ---------------------------------------------------------------------------
"${FF[@]}" -f lavfi -i "testsrc=size=160x120:rate=12:duration=3" \
  -f lavfi -i "sine=frequency=440:sample_rate=22050:duration=3" \
  -map 0:v -map 1:a -c:v libtheora -q:v 5 -g 12 \
  -c:a libvorbis -q:a 1 -ac 1 \
  "${BITEXACT[@]}" "$TMP/theora.ogv"

# ---------------------------------------------------------------------------
# 5. media/vfr.mp4: 4 s of a 30 fps testsrc keeping frames n%10 in
#    {0,1,2,5,8} -> intervals of 1/30, 3/30 and 2/30 s; timestamps are kept
#    with -fps_mode vfr.
# ---------------------------------------------------------------------------
"${FF[@]}" -f lavfi -i "testsrc=size=160x120:rate=30:duration=4" \
  -vf "select='lt(mod(n\,10)\,3)+eq(mod(n\,10)\,5)+eq(mod(n\,10)\,8)'" \
  -fps_mode vfr "${X264[@]}" -preset medium -crf 30 -an \
  -video_track_timescale 30000 -movflags +faststart \
  "${BITEXACT[@]}" "$TMP/vfr.mp4"

# ---------------------------------------------------------------------------
# 6. media/video-only.mp4: 2 s H.264 160x120 15 fps, no audio.
# ---------------------------------------------------------------------------
"${FF[@]}" -f lavfi -i "testsrc=size=160x120:rate=15:duration=2" \
  "${X264[@]}" -preset medium -crf 30 -an -movflags +faststart \
  "${BITEXACT[@]}" "$TMP/video-only.mp4"

# ---------------------------------------------------------------------------
# 7. media/audio-only.ogg: first LibriVox utterance, Ogg/Opus 32 kb/s mono.
# ---------------------------------------------------------------------------
first_id="$(grep -m1 . "$LIBRIVOX/fileids" | tr -d '[:space:]')"
"${FF[@]}" -i "$LIBRIVOX/$first_id.wav" -vn \
  -c:a libopus -b:a 32k -ar 48000 -ac 1 \
  "${BITEXACT[@]}" "$TMP/audio-only.ogg"

# ---------------------------------------------------------------------------
# 8. Truncated MP4s.
#    truncated.mp4: 3 s H.264+AAC with the moov atom at the END, cut to the
#    first 60 % of its bytes (moov missing).
#    truncated-faststart.mp4: 6 s faststart H.264+AAC cut to 50 % of its
#    bytes (moov complete, media data missing).
# ---------------------------------------------------------------------------
"${FF[@]}" -f lavfi -i "testsrc2=size=160x120:rate=15:duration=3" \
  -f lavfi -i "sine=frequency=440:sample_rate=16000:duration=3" \
  -map 0:v -map 1:a "${X264[@]}" -preset medium -crf 30 -g 15 \
  -c:a aac -b:a 32k -ac 1 "${BITEXACT[@]}" "$TMP/full-moov-at-end.mp4"
"${FF[@]}" -f lavfi -i "testsrc2=size=160x120:rate=15:duration=6" \
  -f lavfi -i "sine=frequency=440:sample_rate=16000:duration=6" \
  -map 0:v -map 1:a "${X264[@]}" -preset medium -crf 30 -g 15 \
  -c:a aac -b:a 32k -ac 1 -movflags +faststart \
  "${BITEXACT[@]}" "$TMP/full-faststart.mp4"

python3 - "$TMP" <<'PY'
import struct, sys
tmp = sys.argv[1]

def boxes(data):
    """Top-level ISO-BMFF boxes as (type, offset, size); size may exceed data."""
    out, off = [], 0
    while off + 8 <= len(data):
        size, typ = struct.unpack(">I4s", data[off:off + 8])
        if size == 1:
            size = struct.unpack(">Q", data[off + 8:off + 16])[0]
        elif size == 0:
            size = len(data) - off
        out.append((typ.decode("latin-1"), off, size))
        off += size
    return out

def cut(src, dst, fraction):
    data = open(src, "rb").read()
    n = int(len(data) * fraction)
    open(dst, "wb").write(data[:n])
    return data, n

data, n = cut(f"{tmp}/full-moov-at-end.mp4", f"{tmp}/truncated.mp4", 0.60)
b = {t: (o, s) for t, o, s in boxes(data)}
assert "moov" in b and b["moov"][0] > b["mdat"][0], "expected moov after mdat"
assert b["moov"][0] >= n, "moov must be cut off"

data, n = cut(f"{tmp}/full-faststart.mp4", f"{tmp}/truncated-faststart.mp4", 0.50)
b = {t: (o, s) for t, o, s in boxes(data)}
assert b["moov"][0] < b["mdat"][0], "expected faststart layout"
assert sum(b["moov"]) <= n, "moov must be complete"
assert sum(b["mdat"]) > n, "mdat must be cut"

# 65,536 reproducible pseudo-random bytes.
import random
random.seed(42)
open(f"{tmp}/random.bin", "wb").write(random.randbytes(65536))
PY

: > "$TMP/empty.mp4"

# ---------------------------------------------------------------------------
# Sanity checks.
# ---------------------------------------------------------------------------
# vfr.mp4 must really have irregular frame spacing.
ffprobe -v error -select_streams v -show_entries frame=pts_time -of csv=p=0 \
    "$TMP/vfr.mp4" | python3 -c '
import sys
t = [float(l.split(",")[0]) for l in sys.stdin if l.strip()]
d = sorted({round(b - a, 4) for a, b in zip(t, t[1:])})
if len(d) < 2:
    sys.exit("vfr.mp4: frame intervals are all equal: %s" % d)
print("vfr.mp4: %d frames, distinct intervals (s): %s" % (len(t), d))'
for f in audio-only.ogg; do
  [[ -z "$(ffprobe -v error -select_streams v -show_entries stream=index -of csv=p=0 "$TMP/$f")" ]] \
    || die "$f must not have a video stream"
done
[[ -z "$(ffprobe -v error -select_streams a -show_entries stream=index -of csv=p=0 "$TMP/video-only.mp4")" ]] \
  || die "video-only.mp4 must not have an audio stream"

# ---------------------------------------------------------------------------
# Install.
# ---------------------------------------------------------------------------
mkdir -p "$SAMPLES" "$MEDIA"
cp "$TMP/dashwood.mp4" "$TMP/dashwood.segments.tsv" "$SAMPLES/"
cp "$TMP/dashwood.webm" "$TMP/dashwood.segments.tsv" "$TMP/theora.ogv" \
   "$TMP/vfr.mp4" "$TMP/video-only.mp4" "$TMP/audio-only.ogg" \
   "$TMP/truncated.mp4" "$TMP/truncated-faststart.mp4" "$TMP/random.bin" \
   "$TMP/empty.mp4" "$MEDIA/"

echo "make-fixtures: wrote"
( cd "$ROOT" && for f in samples/dashwood.mp4 samples/dashwood.segments.tsv \
    fixtures/{dashwood.webm,dashwood.segments.tsv,theora.ogv,vfr.mp4,video-only.mp4,audio-only.ogg,truncated.mp4,truncated-faststart.mp4,random.bin,empty.mp4}; do
    printf '  %9d  %s\n' "$(stat -c %s "$f")" "$f"
  done )
