package io.mmstream.models.imagetext;

import io.mmstream.models.regions.FeatureGridRegions;
import io.mmstream.models.regions.Region;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.IntConsumer;
import java.util.zip.CRC32;

/**
 * Captioned pictures made into a model's examples: their regions, the region classes (trained on the
 * training split's regions unless given), their word pieces, and a held-out split that every run and
 * every evaluation draws the same way (by a hash of the pair's id, about one pair in ten).
 *
 * @param train examples to train on
 * @param heldOut held-out examples, one per distinct caption (retrieval needs one right caption per picture)
 * @param heldOutCaptions the held-out examples' captions, as written
 * @param classes the region classes
 * @param scaling how region features are standardised
 * @param featureDimension length of a region's features
 * @param trainTasks task examples of the training pairs ({@link SceneTasks}: none unless the captions are the shapes set's)
 * @param heldOutTasks task examples of the held-out pairs
 */
public record ImageTextCorpus(List<ImageTextExample> train, List<ImageTextExample> heldOut, List<String> heldOutCaptions,
        RegionClasses classes, FeatureScaling scaling, int featureDimension, List<TaskExample> trainTasks,
        List<TaskExample> heldOutTasks) {

    /** The task examples of {@code task} in {@code examples}. */
    public static List<TaskExample> of(Task task, List<TaskExample> examples) {
        return examples.stream().filter(e -> e.task() == task).toList();
    }

    /** Share of pairs held out, in percent. */
    public static final int HELD_OUT_PERCENT = 10;

    /** Whether the pair {@code id} is held out from training. */
    public static boolean isHeldOut(String id) {
        CRC32 crc = new CRC32();
        crc.update(id.getBytes(StandardCharsets.UTF_8));
        return crc.getValue() % 100 < HELD_OUT_PERCENT;
    }

    /**
     * Builds the corpus of {@code pairs}.
     *
     * @param wordPieces a caption's word-piece ids
     * @param classes region classes to use, or null to train them (levels x branching) on the training regions
     * @param scaling the standardisation of region features, or null to fit it on the training regions
     * @param progress hears the number of pictures whose regions are done
     */
    public static ImageTextCorpus of(List<CaptionedPicture> pairs, PictureRegions pictures, Function<String, int[]> wordPieces,
            RegionClasses classes, FeatureScaling scaling, int levels, int branching, long seed, IntConsumer progress) {
        FeatureGridRegions source = pictures.source();
        List<List<Region>> raw = new ArrayList<>(pairs.size());
        for (int i = 0; i < pairs.size(); i++) {
            raw.add(source.regions(pairs.get(i).picture()));
            progress.accept(i + 1);
        }
        if (scaling == null) {
            List<float[]> features = new ArrayList<>();
            for (int i = 0; i < pairs.size(); i++) {
                if (!isHeldOut(pairs.get(i).id())) {
                    raw.get(i).forEach(r -> features.add(r.features()));
                }
            }
            if (features.isEmpty()) {
                throw new IllegalArgumentException("no training pair: all " + pairs.size() + " are held out");
            }
            scaling = FeatureScaling.fit(features);
        }
        List<List<Region>> regions = new ArrayList<>(pairs.size());
        for (List<Region> picture : raw) {
            regions.add(scaled(picture, scaling));
        }
        if (classes == null) {
            List<float[]> features = new ArrayList<>();
            for (int i = 0; i < pairs.size(); i++) {
                if (!isHeldOut(pairs.get(i).id())) {
                    regions.get(i).forEach(r -> features.add(r.features()));
                }
            }
            if (features.size() < branching) {
                throw new IllegalArgumentException(features.size() + " training regions are too few for " + branching
                        + " region classes per level: ingest more image-caption pairs");
            }
            classes = RegionClasses.train(features, levels, branching, seed, source.name());
        }
        List<ImageTextExample> train = new ArrayList<>();
        List<ImageTextExample> heldOut = new ArrayList<>();
        List<String> captions = new ArrayList<>();
        List<TaskExample> trainTasks = new ArrayList<>();
        List<TaskExample> heldOutTasks = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < pairs.size(); i++) {
            CaptionedPicture p = pairs.get(i);
            ImageTextExample e = PictureRegions.example(regions.get(i), wordPieces.apply(p.caption()), classes);
            boolean held = isHeldOut(p.id());
            if (!held) {
                train.add(e);
            } else if (seen.add(p.caption().strip().toLowerCase(java.util.Locale.ROOT))) {
                heldOut.add(e);
                captions.add(p.caption());
            }
            CRC32 crc = new CRC32();
            crc.update(p.id().getBytes(StandardCharsets.UTF_8));
            for (SceneTasks.Item item : SceneTasks.of(p.caption(), p.picture(), pictures.rows(), pictures.columns(), crc.getValue())) {
                ImageTextExample asked = new ImageTextExample(wordPieces.apply(item.text()), e.features(), e.geometry(), e.classes(),
                        e.classDistributions());
                (held ? heldOutTasks : trainTasks).add(new TaskExample(item.task(), asked, item.label(), item.text()));
            }
        }
        return new ImageTextCorpus(train, heldOut, captions, classes, scaling, source.dimension(), trainTasks, heldOutTasks);
    }

    /** {@code regions} with their features standardised. */
    public static List<Region> scaled(List<Region> regions, FeatureScaling scaling) {
        return regions.stream().map(r -> new Region(r.geometry(), scaling.apply(r.features()), r.tag(), r.label())).toList();
    }
}
