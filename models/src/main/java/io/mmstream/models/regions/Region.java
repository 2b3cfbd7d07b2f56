package io.mmstream.models.regions;

/**
 * One region of a picture: its geometry {@code (x1, y1, x2, y2, area)} as fractions of the picture,
 * its pooled features, and its class ({@code tag}, {@code label}) when a detector named one
 * ({@link #UNTAGGED} and an empty label otherwise). Oscar's tags are these labels.
 */
public record Region(float[] geometry, float[] features, int tag, String label) {

    /** The tag of a region no detector named (the whole picture, a grid cell). */
    public static final int UNTAGGED = -1;

    /** The geometry of a box given by its corners, as fractions of the picture. */
    public static float[] geometry(float x1, float y1, float x2, float y2) {
        return new float[] {x1, y1, x2, y2, Math.max(0, x2 - x1) * Math.max(0, y2 - y1)};
    }
}
