package io.mmstream.models.clip;

import io.mmstream.models.eval.RetrievalRecall;
import io.mmstream.models.eval.ShapeScene;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * A CLIP model of pictures on held-out pairs: image-to-text and text-to-image Recall@1/5/10 over up to
 * {@code limit} pictures with distinct captions (with chance), and zero-shot classification of the
 * held-out pictures of the generated shapes set ({@link ShapeScene}): the shape of a one-group picture
 * among circle, square and triangle, and its colour among the four, by prompts whose labels the model
 * never saw as classes. Pictures whose caption is not of that set are left out of the zero-shot tasks.
 *
 * @param pictures held-out pictures in the retrieval
 * @param recall retrieval recall and chance
 * @param zeroShot the zero-shot tasks that had pictures
 */
public record PictureEvaluation(int pictures, RetrievalRecall recall, List<ZeroShotTask> zeroShot) {

    /** The prompt of the shape task. */
    public static final String SHAPE_PROMPT = "a picture of a {}";
    /** The prompt of the colour task. */
    public static final String COLOUR_PROMPT = "a picture of a {} shape";

    /**
     * One zero-shot task's result.
     *
     * @param task what is classified
     * @param prompt the prompt template
     * @param labels the labels
     * @param pictures pictures classified
     * @param accuracy the share classified right
     * @param chance 1 / labels
     * @param majority the share of the most common true label (what always guessing it reaches)
     */
    public record ZeroShotTask(String task, String prompt, List<String> labels, int pictures, double accuracy, double chance,
            double majority) {}

    /**
     * Evaluates {@code model} on {@code heldOut}.
     *
     * @param sentences a text's sentence vector (the encoder the model was trained with)
     */
    public static PictureEvaluation of(ClipModel model, List<PictureText> heldOut, int limit, Function<String, float[]> sentences) {
        List<PictureText> distinct = new ArrayList<>();
        Set<String> captions = new HashSet<>();
        for (PictureText p : heldOut) {
            if (distinct.size() < limit && captions.add(p.caption())) {
                distinct.add(p);
            }
        }
        if (distinct.size() < 2) {
            throw new IllegalArgumentException("evaluation needs at least 2 held-out pictures with distinct captions, the set has "
                    + distinct.size());
        }
        float[][] images = model.embedPictures(distinct.stream().map(PictureText::picture).toList());
        float[][] texts = model.embedTexts(distinct.stream().map(PictureText::sentence).toList());
        float[][] sim = new float[images.length][texts.length];
        for (int i = 0; i < images.length; i++) {
            for (int j = 0; j < texts.length; j++) {
                sim[i][j] = ClipModel.dot(images[i], texts[j]);
            }
        }
        RetrievalRecall recall = RetrievalRecall.of(sim);

        List<PictureText> oneGroup = new ArrayList<>();
        List<ShapeScene.Group> groups = new ArrayList<>();
        for (PictureText p : heldOut) {
            Optional<ShapeScene> scene = ShapeScene.parse(p.caption());
            if (scene.isPresent() && scene.get().groups().size() == 1) {
                oneGroup.add(p);
                groups.add(scene.get().groups().get(0));
            }
        }
        List<ZeroShotTask> tasks = new ArrayList<>();
        if (!oneGroup.isEmpty()) {
            float[][] embedded = model.embedPictures(oneGroup.stream().map(PictureText::picture).toList());
            List<String> shapes = new ArrayList<>();
            for (ShapeScene.Shape s : ShapeScene.Shape.values()) {
                shapes.add(s.word(1));
            }
            List<String> colours = new ArrayList<>();
            for (ShapeScene.Colour c : ShapeScene.Colour.values()) {
                colours.add(c.word());
            }
            tasks.add(task(model, "shape of a one-group picture", SHAPE_PROMPT, shapes, embedded,
                    groups.stream().map(g -> g.shape().word(1)).toList(), sentences));
            tasks.add(task(model, "colour of a one-group picture", COLOUR_PROMPT, colours, embedded,
                    groups.stream().map(g -> g.colour().word()).toList(), sentences));
        }
        return new PictureEvaluation(distinct.size(), recall, List.copyOf(tasks));
    }

    private static ZeroShotTask task(ClipModel model, String task, String prompt, List<String> labels, float[][] pictures,
            List<String> truth, Function<String, float[]> sentences) {
        List<float[]> prompts = labels.stream().map(l -> sentences.apply(ZeroShot.prompt(prompt, l))).toList();
        float[][] p = ZeroShot.probabilities(model, pictures, prompts);
        int right = 0;
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < p.length; i++) {
            int best = 0;
            for (int j = 1; j < labels.size(); j++) {
                best = p[i][j] > p[i][best] ? j : best;
            }
            right += labels.get(best).equals(truth.get(i)) ? 1 : 0;
            counts.merge(truth.get(i), 1, Integer::sum);
        }
        int majority = counts.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        return new ZeroShotTask(task, prompt, labels, p.length, right / (double) p.length, 1.0 / labels.size(),
                majority / (double) p.length);
    }

    /** Lines to print: the recall, then each zero-shot task with its chance. */
    public List<String> lines() {
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "%d held-out pictures: %s (by cosine similarity)", pictures, recall));
        for (ZeroShotTask t : zeroShot) {
            lines.add(String.format(Locale.ROOT, "zero-shot %s among %s (\"%s\"), %d held-out pictures: accuracy %.3f; chance %.3f,"
                    + " majority class %.3f", t.task(), String.join(", ", t.labels()), t.prompt(), t.pictures(), t.accuracy(), t.chance(),
                    t.majority()));
        }
        if (zeroShot.isEmpty()) {
            lines.add("zero-shot: no held-out caption is of the generated shapes set (bench/shapes-set.sh), so there are no labels");
        }
        return lines;
    }
}
