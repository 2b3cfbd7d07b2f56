package io.mmstream.models.imagetext;

import io.mmstream.models.eval.Bleu;
import io.mmstream.models.eval.Cider;
import io.mmstream.models.eval.RetrievalRecall;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.IntConsumer;

/**
 * A trained model on held-out pairs: image-to-text and text-to-image Recall@1/5/10 over the pictures'
 * own captions (with their chance levels), and for a model that generates, BLEU-4 and CIDEr-D of its
 * beam-searched captions against the true ones; for a model that trains tasks beside pretraining, its
 * accuracy on each task's held-out examples.
 *
 * @param pictures held-out pictures evaluated
 * @param recall retrieval recall and chance, by the matching head when the architecture has one, else by
 *     the caption's pseudo-log-likelihood given the picture
 * @param likelihoodRecall for architectures with a matching head, the recall by the caption's likelihood too (else null)
 * @param bleu BLEU-4 of generated captions, or null
 * @param cider CIDEr-D of generated captions, or null
 * @param samples a few (true caption, generated caption) pairs
 * @param tasks accuracy on the held-out examples of each task the architecture trains (LXMERT, 12-in-1)
 */
public record ImageTextEvaluation(int pictures, RetrievalRecall recall, RetrievalRecall likelihoodRecall, Bleu.Score bleu,
        Cider.Score cider, List<String[]> samples, List<TaskAccuracy> tasks) {

    /** Held-out examples of a task evaluated at most. */
    public static final int TASK_EXAMPLES = 500;

    /**
     * A task's accuracy on held-out examples, beside the share of its most common label (what always
     * answering that would score).
     */
    public record TaskAccuracy(Task task, int examples, double accuracy, double majority) {

        /** Scores {@code model} on up to {@link #TASK_EXAMPLES} of {@code examples}. */
        static TaskAccuracy of(ImageTextModel model, Task task, List<TaskExample> examples) {
            List<TaskExample> part = examples.subList(0, Math.min(TASK_EXAMPLES, examples.size()));
            int[] predicted = model.predict(task, part);
            int right = 0;
            java.util.Map<Integer, Integer> counts = new java.util.HashMap<>();
            for (int i = 0; i < part.size(); i++) {
                right += predicted[i] == part.get(i).label() ? 1 : 0;
                counts.merge(part.get(i).label(), 1, Integer::sum);
            }
            int most = counts.values().stream().mapToInt(Integer::intValue).max().orElse(0);
            return new TaskAccuracy(task, part.size(), right / (double) Math.max(1, part.size()), most / (double) Math.max(1, part.size()));
        }
    }

    /** Beam width of generated captions. */
    public static final int BEAM = 3;

    /**
     * Evaluates {@code model} on the first {@code limit} held-out pairs of {@code corpus}.
     *
     * @param decode turns word pieces back into text
     * @param progress hears the pictures captioned so far (generating models)
     */
    public static ImageTextEvaluation of(ImageTextModel model, ImageTextCorpus corpus, int limit, Function<int[], String> decode,
            IntConsumer progress) {
        int n = Math.min(limit, corpus.heldOut().size());
        if (n < 2) {
            throw new IllegalArgumentException("evaluation needs at least 2 held-out pairs with distinct captions, the set has "
                    + corpus.heldOut().size() + " (about " + ImageTextCorpus.HELD_OUT_PERCENT + "% of pairs are held out)");
        }
        List<ImageTextExample> pictures = corpus.heldOut().subList(0, n);
        List<int[]> captions = pictures.stream().map(ImageTextExample::words).toList();
        RetrievalRecall recall = RetrievalRecall.of(model.scores(pictures, captions));
        RetrievalRecall likelihood = model.architecture().objectives().matching()
                ? RetrievalRecall.of(model.scores(pictures, captions, false)) : null;
        List<TaskAccuracy> tasks = new ArrayList<>();
        for (Task task : model.architecture().objectives().tasks()) {
            List<TaskExample> examples = ImageTextCorpus.of(task, corpus.heldOutTasks());
            if (!examples.isEmpty()) {
                tasks.add(TaskAccuracy.of(model, task, examples));
            }
        }
        if (!model.architecture().generates()) {
            return new ImageTextEvaluation(n, recall, likelihood, null, null, List.of(), tasks);
        }
        List<String> generated = new ArrayList<>();
        List<List<String>> references = new ArrayList<>();
        List<String[]> samples = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String caption = decode.apply(model.caption(pictures.get(i), BEAM));
            generated.add(caption);
            references.add(List.of(corpus.heldOutCaptions().get(i)));
            if (samples.size() < 5) {
                samples.add(new String[] {corpus.heldOutCaptions().get(i), caption});
            }
            progress.accept(i + 1);
        }
        return new ImageTextEvaluation(n, recall, likelihood, Bleu.corpus(generated, references), Cider.corpus(generated, references),
                samples, tasks);
    }

    /** Lines to print: the recall, and the caption scores with samples. */
    public List<String> lines() {
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "%d held-out pictures: %s (%s)", pictures, recall,
                likelihoodRecall != null ? "by the matching head" : "by the caption's likelihood"));
        if (likelihoodRecall != null) {
            lines.add(String.format(Locale.ROOT, "%d held-out pictures by the caption's likelihood: %s", pictures, likelihoodRecall));
        }
        for (TaskAccuracy t : tasks) {
            lines.add(String.format(Locale.ROOT, "%s: accuracy %.3f on %d held-out examples (most common label %.3f)", t.task().title(),
                    t.accuracy(), t.examples(), t.majority()));
        }
        if (bleu != null) {
            lines.add(String.format(Locale.ROOT, "generated captions (beam %d): BLEU-4 %.3f, CIDEr-D %.3f", BEAM, bleu.bleu(), cider.cider()));
            for (String[] s : samples) {
                lines.add("  true: " + s[0] + "  |  generated: " + s[1]);
            }
        }
        return lines;
    }
}
