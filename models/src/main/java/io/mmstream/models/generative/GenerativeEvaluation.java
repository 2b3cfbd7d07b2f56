package io.mmstream.models.generative;

import io.mmstream.frames.RgbFrame;
import io.mmstream.models.eval.Bleu;
import io.mmstream.models.eval.Cider;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.function.IntConsumer;

/**
 * A generative model on held-out pairs: the discrete VAE's reconstruction error (against guessing the
 * mean picture); for up to {@link #PROMPTS} distinct held-out captions, pictures drawn for each and scored
 * by the image CLIP with their own prompt, against the same pictures with other prompts and against random
 * real held-out pictures with the prompt (all at the model's resolution); and for M6, BLEU-4 and CIDEr-D
 * of its greedy captions of held-out pictures.
 *
 * @param lines the report, one finding a line
 * @param figures the same figures by name (for benches and tests)
 */
public record GenerativeEvaluation(List<String> lines, Map<String, Double> figures) {

    /** Held-out captions drawn for. */
    public static final int PROMPTS = 50;
    /** Pictures drawn per caption. */
    public static final int SAMPLES = 4;
    /** Held-out pictures captioned (M6). */
    public static final int CAPTIONED = 100;
    public static final int TOP_K = 32;
    public static final float TEMPERATURE = 1f;

    /**
     * Evaluates {@code model} on {@code heldOut}.
     *
     * @param scorer the image CLIP, or null (the generation scores are then left out, and the report says so)
     * @param decode word pieces back to text
     * @param progress hears the prompts drawn for
     */
    public static GenerativeEvaluation of(GenerativeModel model, List<GenerativeExample> heldOut, PictureScorer scorer,
            Function<int[], String> decode, long seed, IntConsumer progress) {
        List<String> lines = new ArrayList<>();
        Map<String, Double> figures = new LinkedHashMap<>();
        if (heldOut.isEmpty()) {
            lines.add("no held-out pairs: nothing to evaluate on");
            return new GenerativeEvaluation(lines, figures);
        }
        int size = model.vae().config().pictureSize();
        List<float[]> pictures = heldOut.stream().map(GenerativeExample::pixels).toList();
        double error = model.vae().reconstructionError(pictures);
        double meanGuess = meanPictureError(pictures);
        figures.put("reconstruction", error);
        figures.put("reconstruction_mean_picture", meanGuess);
        lines.add(String.format(Locale.ROOT, "dVAE reconstruction error on %d held-out pictures (%d x %d, mean squared, intensities 0-1):"
                + " %.4f (the mean picture: %.4f)", pictures.size(), size, size, error, meanGuess));
        List<GenerativeExample> prompts = distinctCaptions(heldOut, PROMPTS);
        if (scorer == null) {
            lines.add("generation not scored: no image CLIP trained (mmstream pretrain --model clip --input images)");
        } else if (prompts.size() < 2 || heldOut.size() < 2) {
            lines.add("generation not scored: fewer than 2 distinct held-out captions");
        } else {
            scoreGeneration(model, prompts, heldOut, scorer, seed, progress, lines, figures);
        }
        if (model.architecture() == GenerativeArchitecture.M6) {
            List<GenerativeExample> captioned = heldOut.subList(0, Math.min(CAPTIONED, heldOut.size()));
            List<String> candidates = new ArrayList<>();
            List<List<String>> references = new ArrayList<>();
            List<int[]> words = model.caption(captioned.stream().map(GenerativeExample::pixels).toList());
            for (int i = 0; i < captioned.size(); i++) {
                candidates.add(decode.apply(words.get(i)));
                references.add(List.of(captioned.get(i).caption()));
            }
            double bleu = Bleu.corpus(candidates, references).bleu();
            double cider = Cider.corpus(candidates, references).cider();
            figures.put("bleu4", bleu);
            figures.put("cider_d", cider);
            lines.add(String.format(Locale.ROOT, "captions of %d held-out pictures (greedy): BLEU-4 %.3f, CIDEr-D %.3f; e.g. \"%s\" for \"%s\"",
                    captioned.size(), bleu, cider, candidates.get(0), captioned.get(0).caption()));
        }
        return new GenerativeEvaluation(lines, figures);
    }

    private static void scoreGeneration(GenerativeModel model, List<GenerativeExample> prompts, List<GenerativeExample> heldOut,
            PictureScorer scorer, long seed, IntConsumer progress, List<String> lines, Map<String, Double> figures) {
        int size = model.vae().config().pictureSize();
        Random random = new Random(seed);
        List<float[]> drawn = new ArrayList<>();
        int chunk = Math.max(1, 64 / SAMPLES);
        for (int from = 0; from < prompts.size(); from += chunk) {
            List<int[]> part = prompts.subList(from, Math.min(prompts.size(), from + chunk)).stream().map(GenerativeExample::pieces).toList();
            drawn.addAll(model.draw(part, SAMPLES, TOP_K, TEMPERATURE, seed + from));
            progress.accept(Math.min(prompts.size(), from + chunk));
        }
        double own = 0;
        double best = 0;
        double otherPrompt = 0;
        double randomReal = 0;
        double realOwn = 0;
        int beatsRandom = 0;
        int n = prompts.size();
        for (int i = 0; i < n; i++) {
            GenerativeExample prompt = prompts.get(i);
            int other = (i + 1 + random.nextInt(n - 1)) % n;
            GenerativeExample real = heldOut.get(random.nextInt(heldOut.size()));
            while (real.caption().equals(prompt.caption()) && heldOut.size() > 1 && distinctExists(heldOut, prompt.caption())) {
                real = heldOut.get(random.nextInt(heldOut.size()));
            }
            List<RgbFrame> pictures = new ArrayList<>();
            for (int k = 0; k < SAMPLES; k++) {
                pictures.add(PicturePixels.toFrame(drawn.get(i * SAMPLES + k), size, 1));
            }
            pictures.add(PicturePixels.toFrame(real.pixels(), size, 1));
            pictures.add(PicturePixels.toFrame(prompt.pixels(), size, 1));
            float[] s = scorer.scores(pictures, prompt.caption());
            float[] o = scorer.scores(pictures.subList(0, SAMPLES), prompts.get(other).caption());
            double mean = 0;
            double max = Double.NEGATIVE_INFINITY;
            double meanOther = 0;
            for (int k = 0; k < SAMPLES; k++) {
                mean += s[k] / SAMPLES;
                max = Math.max(max, s[k]);
                meanOther += o[k] / SAMPLES;
            }
            own += mean / n;
            best += max / n;
            otherPrompt += meanOther / n;
            randomReal += s[SAMPLES] / n;
            realOwn += s[SAMPLES + 1] / n;
            beatsRandom += mean > s[SAMPLES] ? 1 : 0;
        }
        figures.put("clip_own_prompt", own);
        figures.put("clip_best_of_samples", best);
        figures.put("clip_other_prompt", otherPrompt);
        figures.put("clip_random_real_picture", randomReal);
        figures.put("clip_true_picture", realOwn);
        figures.put("beats_random_real", beatsRandom / (double) n);
        lines.add(String.format(Locale.ROOT, "image CLIP cosine, %d held-out captions x %d samples (top-%d, temperature %.1f): samples with"
                + " their own caption %.3f (best of %d: %.3f), with another caption %.3f; random real held-out pictures with the"
                + " caption %.3f; the caption's own picture %.3f; samples above the random picture for %d of %d captions", n, SAMPLES,
                TOP_K, TEMPERATURE, own, SAMPLES, best, otherPrompt, randomReal, realOwn, beatsRandom, n));
    }

    private static boolean distinctExists(List<GenerativeExample> heldOut, String caption) {
        return heldOut.stream().anyMatch(e -> !e.caption().equals(caption));
    }

    /** Up to {@code limit} held-out pairs with distinct captions, in the given order. */
    private static List<GenerativeExample> distinctCaptions(List<GenerativeExample> heldOut, int limit) {
        List<GenerativeExample> out = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (GenerativeExample e : heldOut) {
            if (out.size() < limit && seen.add(e.caption())) {
                out.add(e);
            }
        }
        return out;
    }

    /** The reconstruction error of drawing every one of {@code pictures} as their mean picture: the error of ignoring the codes. */
    static double meanPictureError(List<float[]> pictures) {
        int d = pictures.get(0).length;
        double[] mean = new double[d];
        for (float[] p : pictures) {
            for (int j = 0; j < d; j++) {
                mean[j] += p[j] / pictures.size();
            }
        }
        double sum = 0;
        for (float[] p : pictures) {
            for (int j = 0; j < d; j++) {
                sum += (p[j] - mean[j]) * (p[j] - mean[j]);
            }
        }
        return sum / ((double) d * pictures.size());
    }
}
