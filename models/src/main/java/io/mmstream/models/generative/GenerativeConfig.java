package io.mmstream.models.generative;

import io.mmstream.models.videobert.VideoBertConfig;

/**
 * Sizes of a generative transformer (DALL-E's or M6's).
 *
 * @param encoder layers, width, heads and feed-forward width (VideoBERT's sizes)
 * @param textVocabulary word pieces
 * @param textSlots text positions: [CLS], up to {@code textSlots - 2} word pieces, [SEP]
 * @param codes the discrete VAE's code book size
 * @param imageTokens codes a picture becomes (the VAE's grid, squared)
 * @param patches picture patches M6 reads (0 for DALL-E)
 * @param patchWidth intensities in a patch (3 p p; 0 for DALL-E)
 */
public record GenerativeConfig(VideoBertConfig encoder, int textVocabulary, int textSlots, int codes, int imageTokens, int patches,
        int patchWidth) {

    /** Text positions of the standard layout: [CLS], 14 word pieces, [SEP]. */
    public static final int TEXT_SLOTS = 16;
    /** M6 reads a picture as 4 x 4 patches. */
    public static final int PATCH_GRID = 4;

    public GenerativeConfig {
        if (textVocabulary < 200 || textSlots < 3 || codes < 2 || imageTokens < 1 || patches < 0 || (patches > 0) != (patchWidth > 0)) {
            throw new IllegalArgumentException("invalid generative sizes: vocabulary " + textVocabulary + ", " + textSlots + " text slots, "
                    + codes + " codes, " + imageTokens + " image tokens, " + patches + " patches of " + patchWidth);
        }
    }

    /** The sizes for {@code architecture} of size {@code size} over {@code vae}'s codes. */
    public static GenerativeConfig of(GenerativeArchitecture architecture, String size, int textVocabulary, VaeConfig vae) {
        VideoBertConfig e = VideoBertConfig.named(size);
        int p = vae.pictureSize() / PATCH_GRID;
        boolean patches = architecture == GenerativeArchitecture.M6;
        return new GenerativeConfig(e, textVocabulary, TEXT_SLOTS, vae.codes(), vae.tokens(), patches ? PATCH_GRID * PATCH_GRID : 0,
                patches ? 3 * p * p : 0);
    }

    /** Longest sequence: the text then the codes (DALL-E, M6 drawing), or the patches then the text (M6 captioning). */
    public int longest() {
        return Math.max(textSlots + imageTokens, patches + textSlots);
    }
}
