package io.mmstream.ingest;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * Reads a live stream into one sink for as long as it lasts, reopening it when it stalls or drops.
 *
 * <p>A session is one open of the stream, decoded by a {@link MediaDecoder}. A session that ends
 * because no data came for {@code stall} (a read timeout), or with an error, is followed by
 * another after a back-off (none after a stall: the wait was the stall itself; then 0.5 s, 1 s,
 * 2 s ... up to 8 s after errors, from 0.5 s again once a session brought data), and {@link Events}
 * hears of it. The reading ends once the stream sent nothing for {@code giveUp}, reopenings
 * included, or once a stop is requested.
 *
 * <p>Cut or end: what a session that ends cleanly (FFmpeg's end of stream, no error) means depends
 * on the protocol family.
 * <ul>
 *   <li>Pushed and connection streams ({@code rtmp}, {@code srt}, {@code rtsp}, {@code udp},
 *       {@code rtp}, {@code tcp}...): a publisher that drops, is killed or restarts looks to FFmpeg
 *       like the end of the stream (an RTSP server's teardown, an SRT or RTMP connection closed),
 *       exactly as a publisher that finished does. A clean end is therefore a possible cut: the
 *       stream is reopened with back-off, and only {@code giveUp} of silence ends it, with the
 *       reason "no data for N s: the stream has ended".
 *   <li>Files and HTTP(S), HLS included: the end is announced (a file's end, a length, HLS's
 *       {@code EXT-X-ENDLIST}), so a clean end is the end. An HLS playlist that stops growing is
 *       no end: FFmpeg keeps re-reading it for {@code giveUp} within the session (a reopening
 *       would caption the stale playlist's last segments twice) and goes on with the segments a
 *       restarted packager appends.
 * </ul>
 *
 * <p>Media time goes on across sessions: a reopened stream starts again at its own time 0, so its
 * times are moved to the wall-clock time elapsed since the first session's start, and the sink
 * sees one stream with a hole where the stream was away. A pause inside one session (an HLS
 * playlist that stopped growing, an RTMP server that kept the player while its publisher came
 * back) keeps its hole too: data that comes after the decoder waited at least {@link #PAUSE} and
 * later on the wall clock than the stream's recent pace allows is moved by the difference, once
 * {@link #PAUSE} of it has come (what FFmpeg's decoders still held when a read timed out, handed out
 * just before a session ends, is no return and keeps its times).
 * {@code opened} reaches the sink once.
 */
public final class LiveReader {

    /** What a caller hears while a stream is read. */
    public interface Events {

        /** The stream stalled or failed for {@code reason}; reopening follows after {@code wait}. */
        void reconnecting(String reason, int attempt, Duration wait);

        /** The stream is back after {@code attempt} reopenings. */
        void resumed(int attempt);

        /** Reading ended without an error, for {@code reason}: stopped, ended by the server, or silent too long. */
        void ended(String reason);

        /** Data came back after {@code gap} of silence within one session, which {@code gap} later times keep. */
        default void paused(Duration gap) {}
    }

    /** A wait for data inside one session at least this long, behind the stream's pace, is a pause kept in the times. */
    static final Duration PAUSE = Duration.ofSeconds(1);

    /** Audio handed out within this time before a session ends came all at once: a decoder's flush. */
    private static final long FLUSH_NANOS = 200_000_000L;

    /** How far back the stream's pace (the largest lag of data behind the wall clock) is remembered. */
    private static final long PACE_WINDOW_NANOS = 10_000_000_000L;

    /** Schemes whose clean end may be a cut: a pushed or connected stream whose publisher can come back. */
    private static final Set<String> CUT_ON_CLEAN_END = Set.of(
            "rtmp", "rtmps", "rtmpt", "rtmpts", "rtmpe", "rtmpte", "srt", "rtsp", "rtsps", "udp", "rtp", "tcp", "tls");

    private static final Duration FIRST_BACKOFF = Duration.ofMillis(500);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(8);

    /** One session: opens the stream, decodes it into the sink, and returns when it ends or stalls. */
    @FunctionalInterface
    interface Decoder {
        DecodeSummary decode(String url, MediaSink sink) throws MediaException;
    }

    private final DecodeOptions options;
    private final Decoder decoder;
    private final Duration giveUp;
    private final BooleanSupplier stopRequested;
    private final Events events;

    /**
     * A reader whose sessions give up a read after {@code options.ioTimeout()} without data (the
     * stall), and which ends after {@code giveUp} without data or once {@code stopRequested}.
     */
    public LiveReader(DecodeOptions options, Duration giveUp, BooleanSupplier stopRequested, Events events) {
        // an HLS playlist that stopped growing is held a little longer than the give-up time (see above)
        this(options, new MediaDecoder(options, stopRequested, giveUp.plusSeconds(1))::decode, giveUp, stopRequested, events);
    }

    /** A reader whose sessions {@code decoder} runs (tests script them). */
    LiveReader(DecodeOptions options, Decoder decoder, Duration giveUp, BooleanSupplier stopRequested, Events events) {
        if (giveUp.compareTo(options.ioTimeout()) < 0) {
            throw new IllegalArgumentException("the give-up time (" + giveUp.toSeconds()
                    + " s) must be at least the stall time (" + options.ioTimeout().toSeconds() + " s)");
        }
        this.options = options;
        this.decoder = decoder;
        this.giveUp = giveUp;
        this.stopRequested = stopRequested;
        this.events = events;
    }

    /**
     * Reads {@code url} into {@code sink} until the stream ends, is silent for the give-up time, or
     * a stop is requested.
     *
     * @throws MediaException when nothing could ever be read from the stream; the message names the
     *     last reason
     */
    public DecodeSummary read(String url, MediaSink sink) throws MediaException {
        boolean cleanEndMayBeCut = cleanEndMayBeCut(url);
        Session session = new Session(sink);
        long lastData = System.nanoTime();
        int attempt = 0;
        Duration backoff = FIRST_BACKOFF;
        while (true) {
            String reason;
            boolean stalled;
            long began = System.nanoTime();
            try {
                try {
                    stalled = decoder.decode(url, session).stalled();
                } finally {
                    session.ended();
                }
                if (stopRequested.getAsBoolean()) {
                    return ended(session, "stopped");
                }
                if (!stalled && !cleanEndMayBeCut) {
                    return ended(session, "the stream ended");
                }
                reason = stalled ? "no data for " + options.ioTimeout().toSeconds() + " s" : "the sender ended the stream";
            } catch (MediaException e) {
                // an open that waited out the timeout on an I/O error or a timeout found a silent stream
                // (an RTMP server holding a player until its publisher comes, an SRT listener without caller)
                stalled = System.nanoTime() - began >= options.ioTimeout().toNanos() * 9 / 10
                        && (e.reason().contains("Input/output error") || e.reason().contains("timed out"));
                if (stalled) {
                    e = new MediaException(url, "no data for " + options.ioTimeout().toSeconds() + " s", e);
                }
                if (session.summary() == null && isInputGarbage(e)) {
                    throw e;
                }
                reason = e.reason();
            }
            if (session.lastDataNanos() > began) {
                lastData = Math.max(lastData, session.lastDataNanos());
                backoff = FIRST_BACKOFF;
            }
            if (stopRequested.getAsBoolean()) {
                return ended(session, "stopped");
            }
            long silentNanos = System.nanoTime() - lastData;
            if (silentNanos >= giveUp.toNanos()) {
                if (session.summary() == null) {
                    throw new MediaException(url, reason + "; nothing received for " + giveUp.toSeconds() + " s");
                }
                return ended(session, "no data for " + giveUp.toSeconds() + " s: the stream has ended");
            }
            Duration wait = stalled ? Duration.ZERO : backoff;
            long left = giveUp.toNanos() - silentNanos;
            if (wait.toNanos() > left) {
                wait = Duration.ofNanos(left);
            }
            attempt++;
            events.reconnecting(reason, attempt, wait);
            if (!stalled) {
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            }
            if (!sleep(wait)) {
                return ended(session, "stopped");
            }
            session.onResume(attempt);
        }
    }

    /** Whether a clean end of {@code url} may be a publisher that drops and comes back (see the class comment). */
    static boolean cleanEndMayBeCut(String url) {
        String scheme = MediaLocations.scheme(url);
        return scheme != null && CUT_ON_CLEAN_END.contains(scheme);
    }

    private DecodeSummary ended(Session session, String reason) {
        events.ended(reason);
        return session.summary();
    }

    /** Bytes that are not a stream at all: reopening cannot help. */
    private static boolean isInputGarbage(MediaException e) {
        String reason = e.reason().toLowerCase(java.util.Locale.ROOT);
        return reason.contains("invalid data") || reason.contains("no audio or video stream");
    }

    /** Sleeps up to {@code wait}, waking early when a stop is requested; false when stopped. */
    private boolean sleep(Duration wait) {
        long until = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < until) {
            if (stopRequested.getAsBoolean()) {
                return false;
            }
            try {
                Thread.sleep(Math.min(50, Math.max(1, (until - System.nanoTime()) / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return !stopRequested.getAsBoolean();
    }

    /** The sink one session writes to: times moved onto the stream's running clock, data noted. */
    private final class Session implements MediaSink {

        private final MediaSink sink;
        private MediaInfo info;
        private long startNanos = -1;
        private long offsetUs;
        private long reachedUs;
        private long lastDataNanos;
        private long chunks;
        private long frames;
        private int resumedAttempt;
        private long handedBackNanos;
        /** The lags of the last seconds' data behind the wall clock: {wall clock ns, lag us}. */
        private final ArrayDeque<long[]> pace = new ArrayDeque<>();
        /** The pace when the last seconds brought no data (a long gap). */
        private long lastPaceUs = Long.MIN_VALUE;
        /** Audio that came after a pause, held until the stream goes on (a return) or the session ends. */
        private final List<AudioChunk> held = new ArrayList<>();
        private long heldShiftUs;
        private long heldWaitNanos;
        private long heldUs;
        private long heldSinceNanos;

        Session(MediaSink sink) {
            this.sink = sink;
        }

        void onResume(int attempt) {
            resumedAttempt = attempt;
        }

        long lastDataNanos() {
            return lastDataNanos;
        }

        DecodeSummary summary() {
            return info == null ? null : new DecodeSummary(info, frames, frames, chunks, reachedUs);
        }

        @Override
        public void opened(MediaInfo opened) {
            long now = System.nanoTime();
            if (info == null) {
                info = opened;
                startNanos = now;
                sink.opened(opened);
            } else {
                // this session's time 0 is now on the stream's running clock, after what was already sent;
                // the pace goes on: a server that answers before its publisher is back (nginx holds a
                // player) opens a session whose data comes seconds later, a pause like any other
                offsetUs = Math.max(reachedUs, (now - startNanos) / 1000);
            }
            handedBackNanos = now;
        }

        private void data() {
            lastDataNanos = System.nanoTime();
            if (resumedAttempt > 0) {
                events.resumed(resumedAttempt);
                resumedAttempt = 0;
            }
        }

        /**
         * How much later than its media time {@code mediaUs} a chunk is to be placed because a pause
         * inside the session came before it, or 0: data that comes after the decoder waited
         * {@link #PAUSE} or more, and lags the wall clock by at least {@link #PAUSE} more than the
         * stream's recent {@link #pace}, is moved by that difference. Time spent in the sink is not
         * a pause: the data waited in the decoder's buffers meanwhile.
         */
        private long pauseBefore(long mediaUs) {
            long now = System.nanoTime();
            long lagUs = (now - startNanos) / 1000 - (mediaUs + offsetUs);
            while (!pace.isEmpty() && now - pace.peekFirst()[0] > PACE_WINDOW_NANOS) {
                pace.pollFirst();
            }
            long paceUs = pace.isEmpty() ? lastPaceUs : pace(pace);
            lastPaceUs = paceUs;
            long waitedNanos = now - handedBackNanos;
            if (paceUs != Long.MIN_VALUE && waitedNanos >= PAUSE.toNanos() && lagUs - paceUs >= PAUSE.toNanos() / 1000) {
                heldWaitNanos = waitedNanos;
                return lagUs - paceUs;
            }
            pace.addLast(new long[] {now, lagUs});
            return 0;
        }

        /**
         * The stream's pace: the 90th percentile of the recent lags, which a bursty source reaches
         * near each burst's start, and which a few late chunks (a busy machine) do not move.
         */
        private static long pace(ArrayDeque<long[]> recent) {
            if (recent.isEmpty()) {
                return Long.MIN_VALUE;
            }
            long[] lags = recent.stream().mapToLong(p -> p[1]).sorted().toArray();
            return lags[(lags.length - 1) * 9 / 10];
        }

        @Override
        public void frame(SampledFrame frame) throws Exception {
            data();
            // indexes count on across sessions, as times do
            SampledFrame moved = new SampledFrame(frames, frame.ptsUs() + offsetUs, frame.width(), frame.height(), frame.rgb());
            reachedUs = Math.max(reachedUs, moved.ptsUs());
            frames++;
            try {
                sink.frame(moved);
            } finally {
                handedBackNanos = System.nanoTime();
            }
        }

        /**
         * Audio after a pause is held until {@link #PAUSE} of it has come: then the stream is back
         * and the hole goes into the times. A session that ends first had only handed out what its
         * decoders still held when a read timed out (FFmpeg does so at a stall): that audio keeps its
         * own times (see {@link #ended}).
         */
        @Override
        public void audio(AudioChunk chunk) throws Exception {
            data();
            if (held.isEmpty()) {
                long shift = pauseBefore(chunk.startUs());
                if (shift == 0) {
                    forward(chunk);
                    return;
                }
                heldShiftUs = shift;
                heldUs = 0;
                heldSinceNanos = System.nanoTime();
            }
            held.add(chunk);
            heldUs += chunk.endUs() - chunk.startUs();
            if (heldUs >= PAUSE.toNanos() / 1000) {
                resume();
            }
        }

        private void resume() throws Exception {
            offsetUs += heldShiftUs;
            events.paused(Duration.ofNanos(heldWaitNanos));
            release();
        }

        /**
         * The session is over. Audio held after a pause that came all at once, about the stall time
         * after the last data, the session ending right after it, was what the decoders held at a
         * read timeout: it keeps its own times. Audio that kept coming, or came after a longer wait
         * (a publisher back on nginx's open connection, whose new timestamps then broke the
         * session), was a return.
         */
        void ended() throws MediaException {
            try {
                // a flush comes when a read times out, about the stall time after the last data
                boolean afterTimeout = heldWaitNanos <= options.ioTimeout().toNanos() * 3 / 2;
                if (!held.isEmpty() && (System.nanoTime() - heldSinceNanos >= FLUSH_NANOS || !afterTimeout)) {
                    resume();
                }
                release();
            } catch (Exception e) {
                throw new MediaException(info == null ? "" : info.input(), "decoding failed: " + e.getMessage(), e);
            }
        }

        private void release() throws Exception {
            List<AudioChunk> out = List.copyOf(held);
            held.clear();
            for (AudioChunk c : out) {
                forward(c);
            }
        }

        private void forward(AudioChunk chunk) throws Exception {
            AudioChunk moved = new AudioChunk(chunk.startUs() + offsetUs, chunk.pcm());
            reachedUs = Math.max(reachedUs, moved.endUs());
            chunks++;
            try {
                sink.audio(moved);
            } finally {
                handedBackNanos = System.nanoTime();
            }
        }
    }
}
