package io.mmstream.streams.captions;

import io.mmstream.asr.Transcriber;
import io.mmstream.asr.Utterance;
import io.mmstream.asr.Word;
import io.mmstream.streams.dlq.DeadLetters;
import io.mmstream.streams.records.AudioChunk;
import io.mmstream.streams.records.TimedWord;
import io.mmstream.streams.records.Transcript;
import io.mmstream.streams.topics.Topics;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Recognises speech on {@code mm.audio}: one {@link Transcriber} per video, partial and final
 * transcripts out, and an end-of-stream transcript when a video's audio ends.
 *
 * <p>A video whose recogniser fails gets a dead letter instead of transcripts, and its stream is
 * still ended, so nothing downstream waits for it.
 *
 * <p>A recogniser lives in memory, but where its utterance in progress started is kept in a
 * changelogged store ({@link UtteranceStarts}). When the video moves to another instance (a command
 * joined or left the group, or this one crashed), the fresh recogniser there reads that audio back
 * from {@code mm.audio} ({@link AudioRewind}) and hears it first: no word is lost in the hand-over.
 *
 * <p>Live streams pause and drop. A hole in a video's audio (its next chunk starts well after the
 * last one ended: the stream reconnected) ends the utterance before it; and when an idle flush is
 * set, a video that has sent no audio for that long of wall-clock time has its pending words
 * finalised, so the last words before a stall do not wait for the stream to come back.
 */
final class TranscriptionProcessor implements Processor<String, AudioChunk, String, SpecificRecord> {

    /** A chunk starting this much later than the previous one ended marks a hole in the audio. */
    static final long HOLE_US = 500_000;
    /**
     * A chunk starting this much before the recogniser's position starts the video over (it is ingested
     * again): a video's chunks follow each other exactly, so any real step back is a new run.
     */
    static final long RESTART_US = 250_000;

    private final Supplier<Transcriber> transcribers;
    private final Duration idleFlush;
    private final Map<String, Transcriber> active = new HashMap<>();
    private final Map<String, String> failed = new HashMap<>();
    /** Per video with words possibly pending: when its audio comes, and when it last came. */
    private final Map<String, AudioArrivals> unflushed = new HashMap<>();
    private ProcessorContext<String, SpecificRecord> context;
    private final AudioRewind rewind;
    private UtteranceStarts starts;
    /** Per video: the offset of its last chunk fed, for an utterance ended by the idle flush. */
    private final Map<String, Long> lastOffsets = new HashMap<>();

    /**
     * A processor whose recognisers {@code transcribers} makes, reading audio back with {@code rewind}
     * when it takes a video over; {@code idleFlush} null never flushes on idleness.
     */
    TranscriptionProcessor(Supplier<Transcriber> transcribers, Duration idleFlush, AudioRewind rewind) {
        this.transcribers = transcribers;
        this.idleFlush = idleFlush;
        this.rewind = rewind;
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        this.starts = new UtteranceStarts(context.getStateStore(UtteranceStarts.STORE));
        if (idleFlush != null) {
            context.schedule(Duration.ofMillis(100), PunctuationType.WALL_CLOCK_TIME, this::flushIdle);
        }
    }

    /** Finalises the pending words of every video that has been silent (no audio records) for the idle flush. */
    private void flushIdle(long wallClockMs) {
        for (var e : unflushed.entrySet()) {
            if (!e.getValue().stalled(wallClockMs, idleFlush.toMillis())) {
                continue;
            }
            // the arrivals' pace is kept for when the video's audio comes back
            e.getValue().flushed();
            Transcriber t = active.get(e.getKey());
            if (t != null) {
                try {
                    t.flush().ifPresent(u -> context.forward(
                            new Record<>(e.getKey(), (SpecificRecord) transcript(e.getKey(), u), e.getValue().lastTimestamp())));
                    Long last = lastOffsets.get(e.getKey());
                    if (last != null) {
                        starts.startAt(e.getKey(), last + 1);
                    }
                } catch (RuntimeException failure) {
                    // the next chunk of this video meets the same recogniser and reports the failure
                }
            }
        }
    }

    @Override
    public void process(Record<String, AudioChunk> record) {
        String video = record.key();
        AudioChunk chunk = record.value();
        if (video == null || chunk == null) {
            return;
        }
        if (!failed.containsKey(video)) {
            try {
                recognise(record, video, chunk);
            } catch (RuntimeException e) {
                fail(record, video, e);
            }
        }
        if (chunk.getLast()) {
            Transcriber t = active.remove(video);
            if (t != null) {
                t.close();
            }
            starts.forget(video);
            lastOffsets.remove(video);
            failed.remove(video);
            unflushed.remove(video);
            context.forward(record.withValue(endOfStream(video, chunk.getStartUs())));
            // a finished video should not wait for the next periodic commit to become visible
            context.commit();
        }
    }

    private void recognise(Record<String, AudioChunk> record, String video, AudioChunk chunk) {
        ByteBuffer pcm = chunk.getPcm();
        if (pcm.remaining() > 0) {
            var where = context.recordMetadata().orElseThrow();
            long offset = where.offset();
            Transcriber t = active.get(video);
            if (t != null && chunk.getStartUs() + RESTART_US < t.positionUs()) {
                // the video starts over: the same content ingested again; the earlier run's pending words are dropped
                t.close();
                active.remove(video);
                starts.forget(video);
                t = null;
            }
            if (t == null) {
                t = transcribers.get();
                active.put(video, t);
                Long start = starts.get(video);
                if (start == null) {
                    starts.startAt(video, offset);
                } else if (start < offset) {
                    // taken over mid-utterance: hear first what the previous recogniser had not finished
                    List<AudioRewind.Chunk> earlier = sameRun(rewind.chunks(video, where.partition(), start, offset), chunk);
                    if (earlier.isEmpty()) {
                        starts.startAt(video, offset);
                    }
                    for (AudioRewind.Chunk c : earlier) {
                        feed(record, video, t, c.audio(), c.offset());
                    }
                }
            }
            if (chunk.getStartUs() - t.positionUs() > HOLE_US && t.positionUs() > 0) {
                emit(record, video, t.flush());
                starts.startAt(video, offset);
                t.skipTo(chunk.getStartUs());
            }
            feed(record, video, t, chunk, offset);
            lastOffsets.put(video, offset);
            if (idleFlush != null) {
                unflushed.computeIfAbsent(video, v -> new AudioArrivals()).arrived(context.currentSystemTimeMs(), record.timestamp());
            }
        }
        if (chunk.getLast()) {
            Transcriber t = active.get(video);
            if (t != null) {
                emit(record, video, t.finish());
            }
        }
    }

    /**
     * The chunks read back that belong to the same ingestion as {@code next}: those after the last time
     * the media time went backwards (an earlier, abandoned run of the same video), and before {@code next}.
     */
    static List<AudioRewind.Chunk> sameRun(List<AudioRewind.Chunk> chunks, AudioChunk next) {
        int from = 0;
        for (int i = 1; i < chunks.size(); i++) {
            if (chunks.get(i).audio().getStartUs() + RESTART_US < chunks.get(i - 1).audio().getStartUs()) {
                from = i;
            }
        }
        List<AudioRewind.Chunk> same = chunks.subList(from, chunks.size());
        if (!same.isEmpty() && same.get(same.size() - 1).audio().getStartUs() >= next.getStartUs()) {
            return List.of(); // they run past the chunk at hand: another run's
        }
        return same;
    }

    /** Feeds the chunk at {@code offset} to {@code t}; once an utterance is final, the next one starts after it. */
    private void feed(Record<String, AudioChunk> record, String video, Transcriber t, AudioChunk chunk, long offset) {
        ByteBuffer pcm = chunk.getPcm();
        if (pcm.remaining() == 0) {
            return;
        }
        byte[] bytes = new byte[pcm.remaining()];
        pcm.duplicate().get(bytes);
        Optional<Utterance> heard = t.accept(chunk.getStartUs(), bytes, bytes.length);
        emit(record, video, heard);
        if (heard.isPresent() && heard.get().isFinal()) {
            starts.startAt(video, offset + 1);
        }
    }

    private void emit(Record<String, AudioChunk> record, String video, Optional<Utterance> heard) {
        heard.ifPresent(u -> context.forward(record.withValue(transcript(video, u))));
    }

    private void fail(Record<String, AudioChunk> record, String video, RuntimeException e) {
        String reason = "speech recognition failed: " + e.getMessage();
        failed.put(video, reason);
        starts.forget(video);
        Transcriber t = active.remove(video);
        if (t != null) {
            t.close();
        }
        byte[] original = Topics.AUDIO.valueSerde().serializer().serialize(Topics.AUDIO.name(), record.value());
        context.forward(record.withValue(DeadLetters.record(Topics.AUDIO.name(), "asr", reason, video, original)));
    }

    static Transcript transcript(String video, Utterance u) {
        List<TimedWord> words = u.words().stream()
                .map((Word w) -> new TimedWord(w.text(), w.startUs(), w.endUs(), w.confidence()))
                .toList();
        return Transcript.newBuilder()
                .setVideoId(video)
                .setStartUs(u.startUs())
                .setEndUs(u.endUs())
                .setText(u.text())
                .setWords(words)
                .setIsFinal(u.isFinal())
                .setEndOfStream(false)
                .setSpeakerChangesUs(u.speakerChanges().atUs())
                .setSpeakersCheckedUntilUs(u.speakerChanges().checkedUntilUs())
                .build();
    }

    private static Transcript endOfStream(String video, long atUs) {
        return Transcript.newBuilder()
                .setVideoId(video)
                .setStartUs(atUs)
                .setEndUs(atUs)
                .setText("")
                .setWords(List.of())
                .setIsFinal(true)
                .setEndOfStream(true)
                .build();
    }

    @Override
    public void close() {
        active.values().forEach(Transcriber::close);
        active.clear();
        rewind.close();
    }
}
