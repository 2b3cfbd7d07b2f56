package io.mmstream.streams.captions;

/**
 * When a live video's audio last arrived, and how long its silences last in the normal course: a
 * stream read continuously (UDP, RTMP, SRT, RTSP) sends a chunk every 100 ms, while HLS delivers a
 * whole segment at once and then nothing until the next one is listed (1 to 6 s later, or more). A
 * silence counts as a stall only when it is longer than both the idle flush and half again the
 * longest recent gap between arrivals, so segment boundaries do not cut utterances.
 *
 * <p>The longest recent gap decays by half every {@link #HALF_LIFE_MS} of wall-clock time, so one
 * stall does not make the stream look bursty for long.
 */
final class AudioArrivals {

    static final long HALF_LIFE_MS = 30_000;

    private long lastMs = Long.MIN_VALUE;
    private long lastTimestamp;
    private double gapMs;
    private boolean pending;

    /** A chunk arrived at wall-clock {@code nowMs}, its record timestamped {@code timestamp}. */
    void arrived(long nowMs, long timestamp) {
        if (lastMs != Long.MIN_VALUE) {
            long gap = nowMs - lastMs;
            gapMs = Math.max(gap, gapMs * Math.pow(0.5, (double) Math.max(0, gap) / HALF_LIFE_MS));
        }
        lastMs = nowMs;
        lastTimestamp = timestamp;
        pending = true;
    }

    /** The words heard so far were finalised: nothing is pending until audio comes again. */
    void flushed() {
        pending = false;
    }

    /**
     * Whether, at {@code nowMs}, words may be pending and the audio has been away for longer than
     * {@code idleFlushMs} and its usual gaps.
     */
    boolean stalled(long nowMs, long idleFlushMs) {
        return pending && nowMs - lastMs >= Math.max(idleFlushMs, (long) (gapMs * 1.5));
    }

    /** The timestamp of the last chunk's record. */
    long lastTimestamp() {
        return lastTimestamp;
    }
}
