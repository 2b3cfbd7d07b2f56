package io.mmstream.models.eval;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Corpus-level BLEU-4 of generated captions against one or more references each (Papineni et al., "BLEU: a
 * method for automatic evaluation of machine translation", ACL 2002), as coco-caption's and NLTK's
 * {@code corpus_bleu} compute it: clipped n-gram matches and candidate n-grams (n = 1..4) summed over the
 * whole corpus before dividing, the geometric mean of the four precisions with equal weights, and a brevity
 * penalty against, per candidate, the reference length closest to its own (the shorter on a tie).
 *
 * <p>No smoothing: when any of the four precisions is 0 (no 4-gram of the corpus matches, say) BLEU is 0, as
 * NLTK returns without a smoothing function (it gives 1e-77 rather than 0 there). A candidate shorter than n
 * words has no n-grams; NLTK counts one in that case, coco-caption and this class none.
 */
public final class Bleu {

    /** The longest n-grams counted. */
    public static final int MAX_N = 4;

    /**
     * BLEU with its parts: the modified precisions p1..p4, the brevity penalty, and the candidate and
     * (closest) reference lengths summed over the corpus.
     */
    public record Score(double bleu, List<Double> precisions, double brevityPenalty, int candidateLength, int referenceLength) {
        @Override
        public String toString() {
            return String.format("BLEU-4 %.4f (p1..p4 %.3f %.3f %.3f %.3f, BP %.3f, lengths %d/%d)", bleu, precisions.get(0),
                    precisions.get(1), precisions.get(2), precisions.get(3), brevityPenalty, candidateLength, referenceLength);
        }
    }

    private Bleu() {}

    /** BLEU-4 of {@code candidates.get(i)} against {@code references.get(i)}, captions tokenised by {@link CaptionTokens}. */
    public static Score corpus(List<String> candidates, List<? extends List<String>> references) {
        List<List<String>> candidateTokens = new ArrayList<>();
        List<List<List<String>>> referenceTokens = new ArrayList<>();
        for (String c : candidates) {
            candidateTokens.add(CaptionTokens.of(c));
        }
        for (List<String> refs : references) {
            referenceTokens.add(refs.stream().map(CaptionTokens::of).toList());
        }
        return corpusOfTokens(candidateTokens, referenceTokens);
    }

    /** BLEU-4 of captions already split into words. */
    public static Score corpusOfTokens(List<List<String>> candidates, List<List<List<String>>> references) {
        if (candidates.size() != references.size()) {
            throw new IllegalArgumentException(candidates.size() + " candidates but " + references.size() + " reference sets");
        }
        long[] matches = new long[MAX_N];
        long[] totals = new long[MAX_N];
        int candidateLength = 0;
        int referenceLength = 0;
        for (int i = 0; i < candidates.size(); i++) {
            List<String> candidate = candidates.get(i);
            List<List<String>> refs = references.get(i);
            if (refs.isEmpty()) {
                throw new IllegalArgumentException("candidate " + i + " has no reference");
            }
            candidateLength += candidate.size();
            referenceLength += closestLength(candidate.size(), refs);
            for (int n = 1; n <= MAX_N; n++) {
                Map<String, Integer> counts = CaptionTokens.ngrams(candidate, n);
                Map<String, Integer> maxInReference = maxCounts(refs, n);
                for (Map.Entry<String, Integer> e : counts.entrySet()) {
                    matches[n - 1] += Math.min(e.getValue(), maxInReference.getOrDefault(e.getKey(), 0));
                    totals[n - 1] += e.getValue();
                }
            }
        }
        List<Double> precisions = new ArrayList<>();
        double logSum = 0;
        boolean anyZero = false;
        for (int n = 0; n < MAX_N; n++) {
            double p = totals[n] == 0 ? 0 : (double) matches[n] / totals[n];
            precisions.add(p);
            anyZero |= p == 0;
            logSum += Math.log(p) / MAX_N;
        }
        double brevity = candidateLength == 0 ? 0
                : candidateLength > referenceLength ? 1 : Math.exp(1 - (double) referenceLength / candidateLength);
        double bleu = anyZero ? 0 : brevity * Math.exp(logSum);
        return new Score(bleu, List.copyOf(precisions), brevity, candidateLength, referenceLength);
    }

    /** The reference length nearest the candidate's, the shorter of two as near. */
    private static int closestLength(int candidateLength, List<List<String>> refs) {
        int best = refs.get(0).size();
        for (List<String> ref : refs) {
            int d = Math.abs(ref.size() - candidateLength);
            int bestD = Math.abs(best - candidateLength);
            if (d < bestD || (d == bestD && ref.size() < best)) {
                best = ref.size();
            }
        }
        return best;
    }

    /** Each n-gram's largest count in any one reference: the clip of modified precision. */
    private static Map<String, Integer> maxCounts(List<List<String>> refs, int n) {
        Map<String, Integer> max = new HashMap<>();
        for (List<String> ref : refs) {
            CaptionTokens.ngrams(ref, n).forEach((gram, count) -> max.merge(gram, count, Math::max));
        }
        return max;
    }
}
