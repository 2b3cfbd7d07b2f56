package io.mmstream.ingest;

import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Passes a live stream on to a sink and says, once, when the stream arrives faster than real time
 * (a sender without pacing, a file pushed as fast as the network takes it): its media then runs
 * ahead of the clock, captions follow the media's times, and a sender over UDP may lose packets the
 * receiver could not buffer. Real-time senders run ahead only by what the decoder probes at the
 * start (about a second), so a lead of {@link #LEAD_US} is past any buffering.
 */
public final class RealTimeWatch implements MediaSink {

    /** How far the media may run ahead of the clock before it is reported. */
    static final long LEAD_US = 5_000_000;

    private final MediaSink sink;
    private final Consumer<String> notice;
    private final LongSupplier clockUs;
    private long startUs = Long.MIN_VALUE;
    private boolean said;

    /** Watches the stream {@code sink} receives; {@code notice} hears the one line. */
    public RealTimeWatch(MediaSink sink, Consumer<String> notice) {
        this(sink, notice, () -> System.nanoTime() / 1000);
    }

    RealTimeWatch(MediaSink sink, Consumer<String> notice, LongSupplier clockUs) {
        this.sink = sink;
        this.notice = notice;
        this.clockUs = clockUs;
    }

    @Override
    public void opened(MediaInfo info) {
        startUs = clockUs.getAsLong();
        sink.opened(info);
    }

    @Override
    public void frame(SampledFrame frame) throws Exception {
        check(frame.ptsUs());
        sink.frame(frame);
    }

    @Override
    public void audio(AudioChunk chunk) throws Exception {
        check(chunk.endUs());
        sink.audio(chunk);
    }

    private void check(long mediaUs) {
        if (said || startUs == Long.MIN_VALUE) {
            return;
        }
        long wallUs = clockUs.getAsLong() - startUs;
        if (mediaUs - wallUs > LEAD_US) {
            said = true;
            notice.accept(String.format(Locale.ROOT,
                    "the stream arrives faster than real time (%.1f s of media in %.1f s): captions keep its media times and run behind the clock;"
                            + " a sender should pace it (ffmpeg -re)", mediaUs / 1e6, wallUs / 1e6));
        }
    }
}
