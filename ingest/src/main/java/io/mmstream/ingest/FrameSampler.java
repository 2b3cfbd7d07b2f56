package io.mmstream.ingest;

/**
 * Chooses which decoded frames to keep for a target rate, from their container timestamps.
 *
 * <p>Media time is cut into slots of {@code 1/rate} seconds and the first frame that falls in each
 * slot is kept. Because the decision uses each frame's own timestamp, variable-frame-rate sources
 * are sampled evenly in time, and a rate at or above the source's keeps every frame.
 */
public final class FrameSampler {

    private final double rate;
    private long nextSlot = Long.MIN_VALUE;

    /** A sampler keeping at most {@code rate} frames per second; 0 keeps none. */
    public FrameSampler(double rate) {
        if (rate < 0 || Double.isNaN(rate)) {
            throw new IllegalArgumentException("rate must be >= 0");
        }
        this.rate = rate;
    }

    /** Whether the frame at {@code ptsUs} is kept; call in decoding order. */
    public boolean keep(long ptsUs) {
        if (rate == 0) {
            return false;
        }
        long slot = (long) Math.floor(ptsUs * rate / 1_000_000d);
        if (slot < nextSlot) {
            return false;
        }
        nextSlot = slot + 1;
        return true;
    }
}
