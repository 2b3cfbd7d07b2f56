"""Live-caption latency of one stream, as bench/live-latency.sh defines it.

The stream plays samples/dashwood.mp4 LOOPS times from wall-clock time T0 (ms) on; its media time
BASE_MS is the recording's time 0 (0 when the stream starts with the recording). For each utterance
(speech times from samples/dashwood.segments.tsv, offset by the file's duration per loop):
  - final latency  = when its last final cue left mmstream - when the utterance's speech ended;
  - partial latency = when a partial cue left mmstream - when the audio it covers (up to its end_ms)
    was played;
  - partial latency from speech = when a partial cue left - when its last word was spoken (the cue's
    words so far in the utterance placed on the utterance's speech at an even rate);
  - when an utterance's first partial left - when its speech started.

  python3 live_latency.py CUES.jsonl SEGMENTS.tsv T0 DURATION LOOPS [URL BASE_MS]
"""
import json
import sys


def latencies(cues, rows, t0, duration, loops, base_ms=0):
    """The four latency lists (ms) of cues against the recording played from t0 at media time base_ms."""
    segments = [(float(r[0]), float(r[1])) for r in rows]
    said = [len(r[2].split()) for r in rows]
    at = lambda media_ms: t0 + media_ms - base_ms  # wall clock when the stream played media_ms
    finals, partials, spoken_lag = [], [], []
    for k in range(loops):
        for (start, end), n_words in zip(segments, said):
            s_ms = base_ms + (k * duration + start) * 1000
            e_ms = base_ms + (k * duration + end) * 1000
            mine = [c for c in cues if s_ms - 700 <= c["start_ms"] <= e_ms + 500]
            fin = [c for c in mine if c["final"]]
            par = [c for c in mine if not c["final"]]
            if fin:
                finals.append(max(c["emitted_at"] for c in fin) - at(e_ms))
            if par:
                partials.append(min(c["emitted_at"] for c in par) - at(s_ms))
            for c in par:
                before = sum(len(f["text"].split()) for f in fin
                             if f["start_ms"] < c["start_ms"] and f["emitted_at"] <= c["emitted_at"])
                shown = min(n_words, before + len(c["text"].split()))
                spoken_lag.append(c["emitted_at"] - at(s_ms + (e_ms - s_ms) * shown / n_words))
    partial_lag = [c["emitted_at"] - at(c["end_ms"]) for c in cues if not c["final"]]
    return finals, partial_lag, spoken_lag, partials


def stats(xs):
    xs = sorted(xs)
    if not xs:
        return "none"
    p = lambda q: xs[min(len(xs) - 1, int(round(q * (len(xs) - 1))))]
    return f"n={len(xs)} p50={p(0.5)/1000:.2f} s p95={p(0.95)/1000:.2f} s max={xs[-1]/1000:.2f} s"


NAMES = ["end of utterance -> final cue", "audio heard -> partial cue showing it",
         "last word spoken -> partial cue showing it", "start of speech -> first partial"]


def main(argv):
    cues = [json.loads(line) for line in open(argv[1])]
    rows = [line.split("\t") for line in open(argv[2]).read().splitlines()[1:]]
    t0, duration, loops = int(argv[3]), float(argv[4]), int(argv[5])
    base_ms = 0
    if len(argv) > 6:
        cues = [c for c in cues if c["video"] == argv[6]]
        base_ms = float(argv[7])
    print(f"utterances: {loops * len(rows)}")
    for name, xs in zip(NAMES, latencies(cues, rows, t0, duration, loops, base_ms)):
        print(f"{name}: {stats(xs)}")


if __name__ == "__main__":
    main(sys.argv)
