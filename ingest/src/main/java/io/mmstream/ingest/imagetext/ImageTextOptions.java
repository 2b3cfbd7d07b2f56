package io.mmstream.ingest.imagetext;

import java.time.Duration;

/**
 * How image-caption sets are read and their images decoded: the longer side of a decoded picture,
 * the timeout of an image URL, and the limits that refuse an image before it costs memory.
 *
 * @param maxSide the longer side of a decoded picture, at most (the aspect ratio is kept; never enlarged)
 * @param timeout how long an image URL may take to connect and to answer
 * @param maxFileBytes images bigger than this are refused unread
 * @param maxPixels images whose header says more pixels than this are refused undecoded
 * @param minSide images with a side under this are refused
 * @param maxAspect images longer than this many times their width (or wider than their height) are refused
 */
public record ImageTextOptions(int maxSide, Duration timeout, long maxFileBytes, long maxPixels, int minSide, double maxAspect) {

    /** 64 MB: no sensible training image is bigger. */
    public static final long MAX_FILE_BYTES = 64L * 1024 * 1024;
    /** 50 megapixels: 150 MB of RGB; a decompression bomb claims far more. */
    public static final long MAX_PIXELS = 50_000_000;
    public static final int MIN_SIDE = 8;
    public static final double MAX_ASPECT = 20;

    public ImageTextOptions {
        if (maxSide < 2) {
            throw new IllegalArgumentException("the longer side must be at least 2 pixels, not " + maxSide);
        }
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("the timeout must be positive");
        }
    }

    /** The defaults with pictures of at most {@code maxSide} pixels a side and URLs given {@code timeout}. */
    public static ImageTextOptions of(int maxSide, Duration timeout) {
        return new ImageTextOptions(maxSide, timeout, MAX_FILE_BYTES, MAX_PIXELS, MIN_SIDE, MAX_ASPECT);
    }

    /** The same limits with the longer side at most 256 pixels and URLs given 15 s. */
    public static ImageTextOptions defaults() {
        return of(256, Duration.ofSeconds(15));
    }
}
