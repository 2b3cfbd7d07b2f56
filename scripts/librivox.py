"""Shared by the fixture scripts: the LibriVox utterances of Debian's pocketsphinx-testdata."""
import re
import subprocess
import sys

MIN_SPEECH = 0.1


def texts(src):
    """The reference transcription of each utterance id, lower case, from the package's `transcription` file."""
    out = {}
    for line in open(f"{src}/transcription"):
        m = re.match(r"\s*<s>\s*(.*?)\s*</s>\s*\((\S+)\)\s*$", line)
        if m:
            out[m.group(2)] = m.group(1).lower()
    return out


def speech_bounds(path, dur):
    """Where speech starts and ends in `path` (dur s long), in s: ffmpeg silencedetect -35 dB / 0.1 s,
    ignoring non-silent blips shorter than 0.1 s (clicks) at the edges."""
    err = subprocess.run(
        ["ffmpeg", "-nostdin", "-hide_banner", "-nostats", "-i", path,
         "-af", "silencedetect=noise=-35dB:d=0.1", "-f", "null", "-"],
        capture_output=True, text=True, check=True).stderr
    starts = [float(x) for x in re.findall(r"silence_start: (-?[\d.]+)", err)]
    ends = [float(x) for x in re.findall(r"silence_end: (-?[\d.]+)", err)]
    silences = list(zip(starts, ends + [dur] * (len(starts) - len(ends))))
    regions, t = [], 0.0
    for s, e in silences:
        if s > t:
            regions.append((t, s))
        t = max(t, e)
    if t < dur:
        regions.append((t, dur))
    regions = [r for r in regions if r[1] - r[0] >= MIN_SPEECH]
    if not regions:
        sys.exit(f"no speech detected in {path}")
    return regions[0][0], regions[-1][1]
