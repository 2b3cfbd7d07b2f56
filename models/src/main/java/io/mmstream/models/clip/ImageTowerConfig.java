package io.mmstream.models.clip;

import io.mmstream.models.videobert.VideoBertConfig;

/**
 * The sizes of an {@link ImageTower}, a small Vision Transformer trained from scratch.
 *
 * @param side pictures are resized to {@code side x side} pixels
 * @param patch patches are {@code patch x patch} pixels ({@code side} a multiple of it)
 * @param layers transformer encoder layers
 * @param width width of every patch's representation
 * @param heads attention heads (must divide {@code width})
 */
public record ImageTowerConfig(int side, int patch, int layers, int width, int heads) {

    /** Dropout in the encoder layers while training. */
    static final float DROPOUT = 0.1f;

    public ImageTowerConfig {
        if (side < 8 || patch < 2 || side % patch != 0 || side / patch < 2) {
            throw new IllegalArgumentException("an image tower needs a side (" + side + ") that is a multiple of its patch (" + patch
                    + ") and at least 2 patches across");
        }
        if (layers < 1 || width < 2 || heads < 1 || width % heads != 0) {
            throw new IllegalArgumentException("invalid image tower sizes: " + layers + " layers, " + width + " wide, " + heads
                    + " heads (must divide the width)");
        }
    }

    /** Tests and quick demos: 64 px in 8 px patches, 2 layers x 64 wide x 2 heads. */
    public static ImageTowerConfig tiny() {
        return new ImageTowerConfig(64, 8, 2, 64, 2);
    }

    /** The CPU default: 64 px in 8 px patches, 4 layers x 128 wide x 4 heads. */
    public static ImageTowerConfig small() {
        return new ImageTowerConfig(64, 8, 4, 128, 4);
    }

    /** A larger tower: 64 px in 8 px patches, 6 layers x 256 wide x 8 heads. */
    public static ImageTowerConfig base() {
        return new ImageTowerConfig(64, 8, 6, 256, 8);
    }

    /** The sizes called {@code name}: tiny, small or base. */
    public static ImageTowerConfig named(String name) {
        return switch (name) {
            case "tiny" -> tiny();
            case "small" -> small();
            case "base" -> base();
            default -> throw new IllegalArgumentException("unknown image tower size '" + name + "' (tiny, small, base)");
        };
    }

    /** Patches a picture is cut into. */
    public int patches() {
        int across = side / patch;
        return across * across;
    }

    /** The length of a flattened patch: RGB of {@code patch x patch} pixels. */
    public int patchLength() {
        return 3 * patch * patch;
    }

    /** The sizes of each encoder layer, as the shared {@code EncoderLayer} takes them: [CLS] and the patches, a 4x wide feed-forward. */
    VideoBertConfig layerConfig() {
        return new VideoBertConfig(layers, width, heads, 4 * width, Math.max(4, patches() + 1), DROPOUT);
    }
}
