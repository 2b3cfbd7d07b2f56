package io.mmstream.streams.ingest;

import io.mmstream.ingest.DecodeOptions;
import io.mmstream.ingest.DecodeSummary;
import io.mmstream.ingest.MediaDecoder;
import io.mmstream.ingest.MediaException;
import io.mmstream.ingest.MediaInfo;
import io.mmstream.ingest.MediaLocations;
import io.mmstream.ingest.MediaSink;
import io.mmstream.streams.dlq.DeadLetters;
import io.mmstream.streams.kafka.RecordSender;
import io.mmstream.streams.records.SourceKind;
import io.mmstream.streams.topics.Topics;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * Decodes one input onto the media topics, and on failure says why on {@code mm.dlq}.
 *
 * <p>Whatever happens, the input's audio stream is ended with a last record, so the stages after
 * it finish that video instead of waiting for audio that will never come.
 */
public final class IngestJob {

    /** How an input is read into a sink: a file decoded once, or a live stream read with reconnection. */
    @FunctionalInterface
    public interface Source {
        DecodeSummary decode(String input, MediaSink sink) throws MediaException;
    }

    /** The failure of a video whose last records could not be written: nothing downstream will see it end. */
    static final String END_LOST = "cannot end the video's streams on Kafka";

    private final RecordSender sender;
    private final Source source;
    private final SourceKind kind;

    public IngestJob(RecordSender sender, DecodeOptions options) {
        this(sender, options, () -> false);
    }

    /** A job that decodes files (or URLs of files) whole, and ends them early, cleanly, once {@code stopRequested} says so. */
    public IngestJob(RecordSender sender, DecodeOptions options, java.util.function.BooleanSupplier stopRequested) {
        this(sender, new MediaDecoder(options, stopRequested)::decode, SourceKind.FILE);
    }

    /** A job that reads live streams with {@code source} (a {@link io.mmstream.ingest.LiveReader}), as they play. */
    public IngestJob(RecordSender sender, Source source) {
        this(sender, source, SourceKind.LIVE);
    }

    private IngestJob(RecordSender sender, Source source, SourceKind kind) {
        this.sender = sender;
        this.source = source;
        this.kind = kind;
    }

    /** A fresh video id for {@code input}: its base name and a random suffix, unique per ingestion. */
    public static String newVideoId(String input) {
        byte[] random = new byte[4];
        ThreadLocalRandom.current().nextBytes(random);
        String base = MediaLocations.safeBaseName(input);
        return (base.isEmpty() ? "media" : base) + "-" + HexFormat.of().formatHex(random);
    }

    /** Decodes {@code input} as {@code videoId}; {@code onOpened} learns the source's description. */
    public Outcome run(String input, String videoId, Consumer<MediaInfo> onOpened) {
        return run(input, videoId, onOpened, null);
    }

    /**
     * Decodes {@code input} as {@code videoId}, its audio into {@code audioPartition} (null: the video id's
     * partition); {@code onOpened} learns the source's description.
     */
    public Outcome run(String input, String videoId, Consumer<MediaInfo> onOpened, Integer audioPartition) {
        KafkaMediaSink sink = new KafkaMediaSink(sender, videoId, kind, onOpened, audioPartition);
        Outcome outcome;
        try {
            DecodeSummary summary = source.decode(input, sink);
            outcome = new Outcome(input, videoId, summary, null);
        } catch (MediaException e) {
            outcome = new Outcome(input, videoId, null, deadLetter(input, videoId, e.reason()));
        } catch (RuntimeException | Error e) {
            // a bug or an exhausted resource ends this input with its reason; the others go on
            outcome = new Outcome(input, videoId, null, deadLetter(input, videoId, internalError(e)));
        }
        try {
            sink.end();
            sender.flush();
        } catch (RuntimeException | Error e) {
            // without its last records the video never ends downstream: say so instead of leaving it waiting
            String reason = END_LOST + ": " + e;
            return new Outcome(input, videoId, outcome.summary(), outcome.failure() == null ? reason : outcome.failure() + "; " + reason);
        }
        return outcome;
    }

    /** Sends the failure of {@code input} to the dead-letter topic; returns the reason, saying so if that failed too. */
    private String deadLetter(String input, String videoId, String reason) {
        try {
            sender.send(Topics.DLQ, videoId, DeadLetters.input(input, "ingest", reason, videoId));
            return reason;
        } catch (RuntimeException unsent) {
            return reason + "; its dead letter could not be sent: " + unsent;
        }
    }

    /** One line naming an unexpected exception and where it was thrown. */
    static String internalError(Throwable e) {
        StackTraceElement[] at = e.getStackTrace();
        return "internal error: " + e + (at.length == 0 ? "" : " at " + at[0]);
    }

    /**
     * How one input went.
     *
     * @param input the file or URL
     * @param videoId the id its records carry
     * @param summary what was decoded, or null when it failed
     * @param failure the one-line reason it failed, or null
     */
    public record Outcome(String input, String videoId, DecodeSummary summary, String failure) {

        public boolean failed() {
            return failure != null;
        }

        /** Whether the video's last records could not be written (the stages after ingest will not see it end). */
        public boolean endLost() {
            return failure != null && failure.contains(END_LOST);
        }
    }
}
