package io.mmstream.models.imagetext;

import io.mmstream.frames.ClipFeatureExtractors;
import io.mmstream.models.regions.FeatureGridRegions;
import io.mmstream.models.regions.Region;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

/**
 * How a model sees a picture: a grid of regions described by a registered feature extractor, and the
 * region classes trained on them. Saved beside the model ({@code pictures.properties}), so a trained
 * model reads new pictures as it read its training set.
 *
 * @param rows grid rows
 * @param columns grid columns
 * @param extractor the clip feature extractor's registry name
 */
public record PictureRegions(int rows, int columns, String extractor) {

    private static final String FILE = "pictures.properties";

    /** The default: a 3 x 3 grid plus the whole picture, colour-and-layout features (no weights needed). */
    public static PictureRegions defaults() {
        return new PictureRegions(3, 3, ClipFeatureExtractors.DEFAULT);
    }

    /** The region source these settings describe (a new extractor each call: extractors need not be thread-safe). */
    public FeatureGridRegions source() {
        return new FeatureGridRegions(ClipFeatureExtractors.create(extractor), rows, columns);
    }

    /** Regions per picture. */
    public int count() {
        return 1 + rows * columns;
    }

    /** The regions of {@code picture} laid out as a model's example, with the words of its caption. */
    public static ImageTextExample example(List<Region> regions, int[] words, RegionClasses classes) {
        int n = regions.size();
        float[][] features = new float[n][];
        float[][] geometry = new float[n][];
        int[] tags = new int[n];
        float[][] distributions = new float[n][];
        for (int i = 0; i < n; i++) {
            Region r = regions.get(i);
            features[i] = r.features();
            geometry[i] = r.geometry();
            tags[i] = classes.classOf(r.features());
            distributions[i] = classes.distribution(r.features());
        }
        return new ImageTextExample(words, features, geometry, tags, distributions);
    }

    public void save(Path folder) throws IOException {
        Properties p = new Properties();
        p.setProperty("rows", Integer.toString(rows));
        p.setProperty("columns", Integer.toString(columns));
        p.setProperty("extractor", extractor);
        try (OutputStream out = Files.newOutputStream(folder.resolve(FILE))) {
            p.store(out, "how the model reads pictures: grid regions and their feature extractor");
        }
    }

    public static PictureRegions load(Path folder) throws IOException {
        Properties p = new Properties();
        Path file = folder.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            throw new IOException(folder + " has no " + FILE + " (how the model reads pictures)");
        }
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        }
        return new PictureRegions(Integer.parseInt(p.getProperty("rows")), Integer.parseInt(p.getProperty("columns")),
                p.getProperty("extractor"));
    }
}
