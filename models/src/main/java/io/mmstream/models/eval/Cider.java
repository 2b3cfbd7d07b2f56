package io.mmstream.models.eval;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * CIDEr-D of generated captions (Vedantam, Zitnick and Parikh, "CIDEr: Consensus-based image description
 * evaluation", CVPR 2015), computed as coco-caption's {@code CiderD.compute_score} does with its default
 * document frequencies ("corpus"): per n = 1..4, tf-idf vectors whose document frequency counts the images
 * whose references contain the n-gram, a cosine in which the candidate's weights are clipped by the
 * reference's, times a Gaussian penalty on the length difference (sigma 6); the mean over n, averaged over
 * the references, times 10.
 *
 * <p>Like the original, the "length" in the penalty counts a caption's bigrams, not its words.
 */
public final class Cider {

    /** The longest n-grams counted. */
    public static final int MAX_N = 4;
    /** The standard deviation of the Gaussian length penalty, in words. */
    public static final double SIGMA = 6.0;

    /** The corpus CIDEr-D (the mean) and each candidate's. */
    public record Score(double cider, List<Double> perCandidate) {
        @Override
        public String toString() {
            return String.format("CIDEr-D %.4f over %d captions", cider, perCandidate.size());
        }
    }

    /** One caption's n-gram counts and their tf-idf vector: weights, norms and the bigram count. */
    private record Vector(List<Map<String, Double>> weights, double[] norms, int length) {}

    private Cider() {}

    /** CIDEr-D of {@code candidates.get(i)} against {@code references.get(i)}, captions tokenised by {@link CaptionTokens}. */
    public static Score corpus(List<String> candidates, List<? extends List<String>> references) {
        if (candidates.size() != references.size()) {
            throw new IllegalArgumentException(candidates.size() + " candidates but " + references.size() + " reference sets");
        }
        List<List<Map<String, Integer>>> tests = new ArrayList<>();
        List<List<List<Map<String, Integer>>>> refs = new ArrayList<>();
        for (int i = 0; i < candidates.size(); i++) {
            if (references.get(i).isEmpty()) {
                throw new IllegalArgumentException("candidate " + i + " has no reference");
            }
            tests.add(counts(candidates.get(i)));
            refs.add(references.get(i).stream().map(Cider::counts).toList());
        }
        List<Map<String, Integer>> df = documentFrequency(refs);
        double logImages = Math.log(candidates.size());
        List<Double> scores = new ArrayList<>();
        double sum = 0;
        for (int i = 0; i < tests.size(); i++) {
            Vector candidate = vector(tests.get(i), df, logImages);
            double[] perN = new double[MAX_N];
            for (List<Map<String, Integer>> ref : refs.get(i)) {
                double[] s = similarity(candidate, vector(ref, df, logImages));
                for (int n = 0; n < MAX_N; n++) {
                    perN[n] += s[n];
                }
            }
            double mean = 0;
            for (double s : perN) {
                mean += s / MAX_N;
            }
            double score = mean / refs.get(i).size() * 10.0;
            scores.add(score);
            sum += score;
        }
        return new Score(scores.isEmpty() ? 0 : sum / scores.size(), List.copyOf(scores));
    }

    private static List<Map<String, Integer>> counts(String caption) {
        List<String> words = CaptionTokens.of(caption);
        List<Map<String, Integer>> counts = new ArrayList<>();
        for (int n = 1; n <= MAX_N; n++) {
            counts.add(CaptionTokens.ngrams(words, n));
        }
        return counts;
    }

    /** Per n, in how many images' reference sets each n-gram occurs. */
    private static List<Map<String, Integer>> documentFrequency(List<List<List<Map<String, Integer>>>> refs) {
        List<Map<String, Integer>> df = new ArrayList<>();
        for (int n = 0; n < MAX_N; n++) {
            Map<String, Integer> counts = new HashMap<>();
            for (List<List<Map<String, Integer>>> image : refs) {
                Set<String> seen = new HashSet<>();
                for (List<Map<String, Integer>> ref : image) {
                    seen.addAll(ref.get(n).keySet());
                }
                seen.forEach(gram -> counts.merge(gram, 1, Integer::sum));
            }
            df.add(counts);
        }
        return df;
    }

    private static Vector vector(List<Map<String, Integer>> counts, List<Map<String, Integer>> df, double logImages) {
        List<Map<String, Double>> weights = new ArrayList<>();
        double[] norms = new double[MAX_N];
        for (int n = 0; n < MAX_N; n++) {
            Map<String, Double> w = new HashMap<>();
            for (Map.Entry<String, Integer> e : counts.get(n).entrySet()) {
                // an n-gram no reference has counts as if one image had it (idf = log of the image count)
                double idf = logImages - Math.log(Math.max(1, df.get(n).getOrDefault(e.getKey(), 0)));
                double weight = e.getValue() * idf;
                w.put(e.getKey(), weight);
                norms[n] += weight * weight;
            }
            norms[n] = Math.sqrt(norms[n]);
            weights.add(w);
        }
        int bigrams = counts.get(1).values().stream().mapToInt(Integer::intValue).sum();
        return new Vector(weights, norms, bigrams);
    }

    private static double[] similarity(Vector candidate, Vector ref) {
        double delta = candidate.length() - ref.length();
        double penalty = Math.exp(-(delta * delta) / (2 * SIGMA * SIGMA));
        double[] s = new double[MAX_N];
        for (int n = 0; n < MAX_N; n++) {
            Map<String, Double> r = ref.weights().get(n);
            for (Map.Entry<String, Double> e : candidate.weights().get(n).entrySet()) {
                double rw = r.getOrDefault(e.getKey(), 0.0);
                s[n] += Math.min(e.getValue(), rw) * rw;
            }
            if (candidate.norms()[n] != 0 && ref.norms()[n] != 0) {
                s[n] /= candidate.norms()[n] * ref.norms()[n];
            }
            s[n] *= penalty;
        }
        return s;
    }
}
