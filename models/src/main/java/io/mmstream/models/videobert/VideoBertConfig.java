package io.mmstream.models.videobert;

/**
 * Sizes of a VideoBERT model.
 *
 * @param layers transformer encoder layers
 * @param hidden width of every token's representation
 * @param heads attention heads (must divide {@code hidden})
 * @param intermediate width of each layer's feed-forward network
 * @param maxLength longest segment, in tokens
 * @param dropout dropout probability in training
 */
public record VideoBertConfig(int layers, int hidden, int heads, int intermediate, int maxLength, float dropout) {

    public VideoBertConfig {
        if (layers < 1 || hidden < 1 || heads < 1 || hidden % heads != 0 || intermediate < 1 || maxLength < 4) {
            throw new IllegalArgumentException("invalid VideoBERT sizes: " + layers + " layers, " + hidden + " hidden, "
                    + heads + " heads (must divide hidden), " + intermediate + " intermediate, max length " + maxLength);
        }
        if (dropout < 0 || dropout >= 1) {
            throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
        }
    }

    /** A model small enough to train in seconds on a CPU: 2 layers x 128 hidden x 2 heads (tests, demos). */
    public static VideoBertConfig tiny() {
        return new VideoBertConfig(2, 128, 2, 512, 64, 0.1f);
    }

    /** The CPU default: 4 layers x 256 hidden x 4 heads, segments of up to 128 tokens. */
    public static VideoBertConfig small() {
        return new VideoBertConfig(4, 256, 4, 1024, 128, 0.1f);
    }

    /** BERT-base sizes: 12 layers x 768 hidden x 12 heads (VideoBERT was initialised from it). */
    public static VideoBertConfig base() {
        return new VideoBertConfig(12, 768, 12, 3072, 512, 0.1f);
    }

    /** BERT-large sizes: 24 layers x 1024 hidden x 16 heads (the paper's largest). */
    public static VideoBertConfig large() {
        return new VideoBertConfig(24, 1024, 16, 4096, 512, 0.1f);
    }

    /** The configuration called {@code name}: tiny, small, base or large. */
    public static VideoBertConfig named(String name) {
        return switch (name) {
            case "tiny" -> tiny();
            case "small" -> small();
            case "base" -> base();
            case "large" -> large();
            default -> throw new IllegalArgumentException("unknown VideoBERT size '" + name + "' (tiny, small, base, large)");
        };
    }
}
