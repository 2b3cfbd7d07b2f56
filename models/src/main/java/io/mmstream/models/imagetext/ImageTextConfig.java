package io.mmstream.models.imagetext;

import io.mmstream.models.videobert.VideoBertConfig;

/**
 * Sizes of an image-text model: the encoder's (shared with VideoBERT) and its input's.
 *
 * @param encoder layers, hidden width, heads, feed-forward width, dropout; its max length bounds the token part
 * @param featureDimension length of a region's feature vector
 * @param regions regions per picture, the whole picture first
 * @param maxWords word pieces kept of a caption
 * @param regionClasses classes of the region codebook (masked region classification's targets, Oscar's tags)
 */
public record ImageTextConfig(VideoBertConfig encoder, int featureDimension, int regions, int maxWords, int regionClasses) {

    public ImageTextConfig {
        if (featureDimension < 1 || regions < 1 || maxWords < 1 || regionClasses < 1) {
            throw new IllegalArgumentException("invalid image-text sizes: " + featureDimension + "-d features, " + regions
                    + " regions, " + maxWords + " words, " + regionClasses + " region classes");
        }
    }

    /** Positions of the token part for {@code architecture}: [CLS] words [SEP], and Oscar's tags [SEP]. */
    public int tokenLength(ImageTextArchitecture architecture) {
        return maxWords + 2 + (architecture.tags() ? regions + 1 : 0);
    }

    /** Checks the encoder has a position for every token of {@code architecture}'s layout. */
    public ImageTextConfig checkFits(ImageTextArchitecture architecture) {
        if (tokenLength(architecture) > encoder.maxLength()) {
            throw new IllegalArgumentException(architecture.id() + " with " + maxWords + " words and " + regions + " regions needs "
                    + tokenLength(architecture) + " token positions, the encoder has " + encoder.maxLength());
        }
        return this;
    }
}
