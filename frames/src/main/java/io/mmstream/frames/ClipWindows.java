package io.mmstream.frames;

/**
 * The clips a video's timeline is cut into: windows of {@code length} frames at {@code frameRate},
 * starting every {@code stride} frames, in media time. VideoBERT's defaults are 20 fps, 30 frames
 * (1.5 s) and no overlap.
 *
 * @param frameRate the sampling rate the window lengths are counted in
 * @param length frames per clip
 * @param stride frames between clip starts; equal to length for no overlap, smaller for overlap
 */
public record ClipWindows(double frameRate, int length, int stride) {

    public ClipWindows {
        if (!(frameRate > 0) || length < 1 || stride < 1 || stride > length) {
            throw new IllegalArgumentException("clips need a frame rate > 0 and 1 <= stride <= length, got "
                    + frameRate + " fps, length " + length + ", stride " + stride);
        }
    }

    /** VideoBERT's clips: 30 frames at 20 fps (1.5 s), not overlapping. */
    public static ClipWindows videoBert() {
        return new ClipWindows(20, 30, 30);
    }

    /** Start of clip {@code index}, microseconds. */
    public long startUs(long index) {
        return Math.round(index * stride * 1_000_000.0 / frameRate);
    }

    /** End (exclusive) of clip {@code index}, microseconds. */
    public long endUs(long index) {
        return Math.round((index * stride + length) * 1_000_000.0 / frameRate);
    }

    /** The first clip that contains media time {@code ptsUs}. */
    public long firstClip(long ptsUs) {
        long last = lastClip(ptsUs);
        long first = last;
        while (first > 0 && endUs(first - 1) > ptsUs) {
            first--;
        }
        return first;
    }

    /** The last clip that contains media time {@code ptsUs}: the one that started most recently. */
    public long lastClip(long ptsUs) {
        long index = (long) Math.floor(Math.max(0, ptsUs) * frameRate / 1_000_000.0 / stride);
        while (startUs(index) > ptsUs && index > 0) {
            index--;
        }
        while (startUs(index + 1) <= ptsUs) {
            index++;
        }
        return index;
    }
}
