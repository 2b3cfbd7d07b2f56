#!/usr/bin/env python3
"""CIDEr-D as coco-caption computes it (vrama91/cider, pyciderevalcap/ciderD/ciderD_scorer.py with
df_mode "corpus"), re-written in plain Python 3 to pin the values CiderTest checks
(models/src/test/java/io/mmstream/models/eval/CiderTest.java).

Kept from the original on purpose: document frequency over the reference sets of the evaluated corpus,
idf = log(images) - log(max(1, df)), the candidate's weight clipped by the reference's inside the dot
product, the Gaussian penalty (sigma 6) on the difference of the *bigram* counts, the mean over n = 1..4,
the division by the number of references and the factor 10. Tokens: lower case, runs of letters and
digits (CaptionTokens in Java; coco-caption's PTB tokenizer drops punctuation the same way).

    python3 bench/cider_reference.py            # the examples of CiderTest, one score per line
    python3 bench/cider_reference.py FILE.json  # [{"candidate": "...", "references": ["...", ...]}, ...]
"""
import json
import math
import re
import sys
from collections import defaultdict

N = 4
SIGMA = 6.0


def tokens(caption):
    return re.findall(r"[^\W_]+", caption.lower())


def ngram_counts(caption):
    words = tokens(caption)
    counts = defaultdict(int)
    for k in range(1, N + 1):
        for i in range(len(words) - k + 1):
            counts[tuple(words[i:i + k])] += 1
    return counts


def cider_d(candidates, references):
    tests = [ngram_counts(c) for c in candidates]
    refs = [[ngram_counts(r) for r in rs] for rs in references]
    df = defaultdict(float)
    for image_refs in refs:
        for gram in set(g for r in image_refs for g in r):
            df[gram] += 1
    log_images = math.log(float(len(refs)))

    def to_vector(counts):
        vec = [dict() for _ in range(N)]
        norm = [0.0] * N
        length = 0
        for gram, tf in counts.items():
            n = len(gram) - 1
            vec[n][gram] = float(tf) * (log_images - math.log(max(1.0, df.get(gram, 0.0))))
            norm[n] += vec[n][gram] ** 2
            if n == 1:  # the original's "length" counts bigrams
                length += tf
        return vec, [math.sqrt(x) for x in norm], length

    def similarity(hyp, ref):
        (vh, nh, lh), (vr, nr, lr) = hyp, ref
        delta = float(lh - lr)
        val = [0.0] * N
        for n in range(N):
            for gram, w in vh[n].items():
                val[n] += min(w, vr[n].get(gram, 0.0)) * vr[n].get(gram, 0.0)
            if nh[n] != 0 and nr[n] != 0:
                val[n] /= nh[n] * nr[n]
            val[n] *= math.e ** (-(delta ** 2) / (2 * SIGMA ** 2))
        return val

    scores = []
    for test, image_refs in zip(tests, refs):
        hyp = to_vector(test)
        total = [0.0] * N
        for r in image_refs:
            total = [a + b for a, b in zip(total, similarity(hyp, to_vector(r)))]
        scores.append(sum(total) / N / len(image_refs) * 10.0)
    return sum(scores) / len(scores), scores


EXAMPLES = {
    "three images": (
        ["a man riding a horse on the beach", "two dogs play in the snow", "a red bus parked on a street"],
        [["a man rides a horse along the beach", "a person on a horse at the seaside", "a horse and rider on sand"],
         ["two dogs playing in snow", "dogs run through the snow", "a pair of dogs in the snow"],
         ["a red double decker bus on a city street", "a bus parked by the road", "a red bus on the street"]]),
    "punctuation and case": (
        ["A man, riding a horse.", "Two dogs play in the SNOW!"],
        [["a man rides a horse", "a person on a horse"], ["two dogs playing in snow", "dogs in the snow"]]),
    "length penalty": (
        ["a cat", "a dog on a sofa", "a cat sitting on a mat in the sun next to a dog on a sofa"],
        [["a cat sitting on a mat"], ["a dog lying on a sofa"], ["a cat sitting on a mat"]]),
    "repeated words clipped": (
        ["a dog a dog a dog a dog", "a cat on a mat"],
        [["a dog in a park"], ["a cat on a mat"]]),
}

if __name__ == "__main__":
    if len(sys.argv) > 1:
        items = json.load(open(sys.argv[1]))
        mean, scores = cider_d([i["candidate"] for i in items], [i["references"] for i in items])
        print(repr(mean), [repr(s) for s in scores])
    else:
        for name, (cands, refs) in EXAMPLES.items():
            mean, scores = cider_d(cands, refs)
            print(name + ":", repr(mean), " ".join(repr(s) for s in scores))
