package io.mmstream.models.generative;

/**
 * Sizes of DALL-E's discrete VAE.
 *
 * @param pictureSize side of the square pictures it reads and draws, in pixels (4 times {@code grid}: two stride-2 convolutions)
 * @param grid side of the grid of codes (pictureSize / 4)
 * @param codes size of the code book (K)
 * @param codeWidth width of a code book entry
 * @param channels width of the convolutions
 */
public record VaeConfig(int pictureSize, int grid, int codes, int codeWidth, int channels) {

    public VaeConfig {
        if (grid < 1 || pictureSize != grid * 4 || codes < 2 || codeWidth < 1 || channels < 1) {
            throw new IllegalArgumentException("invalid discrete VAE sizes: " + pictureSize + " px pictures (must be 4 x the grid), grid "
                    + grid + ", " + codes + " codes (at least 2), code width " + codeWidth + ", " + channels + " channels");
        }
    }

    /** 32 x 32 pictures into an 8 x 8 grid over 128 codes: flat-colour shapes reconstruct well in a few CPU minutes. */
    public static VaeConfig standard() {
        return new VaeConfig(32, 8, 128, 64, 64);
    }

    /** Image tokens a picture becomes. */
    public int tokens() {
        return grid * grid;
    }
}
