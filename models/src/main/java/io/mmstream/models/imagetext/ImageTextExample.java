package io.mmstream.models.imagetext;

/**
 * One image-caption pair as the models read it: the caption's word pieces and the picture's regions
 * (the whole picture first), each with its features, 5-d geometry, region class and the soft
 * distribution over region classes that UNITER's KL objective targets.
 *
 * @param words WordPiece ids of the caption (no [CLS]/[SEP]); cut to the model's word limit when laid out
 * @param features (regions, featureDimension)
 * @param geometry (regions, 5): x1/W, y1/H, x2/W, y2/H, area
 * @param classes region class of each region
 * @param classDistributions (regions, regionClasses), each row summing to 1
 */
public record ImageTextExample(int[] words, float[][] features, float[][] geometry, int[] classes, float[][] classDistributions) {

    public ImageTextExample {
        int r = features.length;
        if (r == 0 || geometry.length != r || classes.length != r || classDistributions.length != r) {
            throw new IllegalArgumentException("an example needs one geometry, class and distribution per region: " + r + " regions, "
                    + geometry.length + " geometries, " + classes.length + " classes, " + classDistributions.length + " distributions");
        }
    }

    public int regions() {
        return features.length;
    }
}
