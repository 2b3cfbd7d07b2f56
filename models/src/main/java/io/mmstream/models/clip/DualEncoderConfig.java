package io.mmstream.models.clip;

/**
 * The sizes of a {@link DualEncoder}.
 *
 * @param textDimension the length of the frozen sentence vectors the text tower projects (MiniLM: 384)
 * @param featureDimension the length of a clip's features (color-motion-v1: 135)
 * @param visualWords the codebook's size: a visual word per clip, each with a learned row (0: none)
 * @param hidden the towers' inner width
 * @param embedding the length of the shared space both towers map into
 * @param maxClips clips per segment at most (longer segments keep their first ones)
 */
public record DualEncoderConfig(int textDimension, int featureDimension, int visualWords, int hidden, int embedding, int maxClips) {

    public DualEncoderConfig {
        if (textDimension < 1 || featureDimension < 1 || visualWords < 0 || hidden < 1 || embedding < 1 || maxClips < 1) {
            throw new IllegalArgumentException("dual encoder sizes must be positive: " + this);
        }
    }

    /** The default: 256 wide, a 128-d shared space, segments of up to 16 clips. */
    public static DualEncoderConfig of(int textDimension, int featureDimension, int visualWords) {
        return new DualEncoderConfig(textDimension, featureDimension, visualWords, 256, 128, 16);
    }

    /** The text tower's and the shared space's sizes of a model of pictures: its video sizes are unused (1, no words, 1 clip). */
    public static DualEncoderConfig forPictures(int textDimension, int hidden, int embedding) {
        return new DualEncoderConfig(textDimension, 1, 0, hidden, embedding, 1);
    }
}
