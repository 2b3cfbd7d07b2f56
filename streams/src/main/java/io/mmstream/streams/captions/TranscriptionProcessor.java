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
 * <p>A recogniser lives in memory, but the audio of the utterance it is hearing is also kept in a
 * changelogged store ({@link PendingAudio}) until the utterance's final result leaves. When the video
 * moves to another instance (a command joined or left the group, or this one crashed), the fresh
 * recogniser there is fed that audio first: no word is lost in the hand-over.
 *
 * <p>Live streams pause and drop. A hole in a video's audio (its next chunk starts well after the
 * last one ended: the stream reconnected) ends the utterance before it; and when an idle flush is
 * set, a video that has sent no audio for that long of wall-clock time has its pending words
 * finalised, so the last words before a stall do not wait for the stream to come back.
 */
final class TranscriptionProcessor implements Processor<String, AudioChunk, String, SpecificRecord> {

    /** A chunk starting this much later than the previous one ended marks a hole in the audio. */
    static final long HOLE_US = 500_000;

    private final Supplier<Transcriber> transcribers;
    private final Duration idleFlush;
    private final Map<String, Transcriber> active = new HashMap<>();
    private final Map<String, String> failed = new HashMap<>();
    /** Per video with words possibly pending: when its last audio came (wall clock, ms) and that record's timestamp. */
    private final Map<String, long[]> unflushed = new HashMap<>();
    private ProcessorContext<String, SpecificRecord> context;
    private PendingAudio pending;

    /** A processor whose recognisers {@code transcribers} makes; {@code idleFlush} null never flushes on idleness. */
    TranscriptionProcessor(Supplier<Transcriber> transcribers, Duration idleFlush) {
        this.transcribers = transcribers;
        this.idleFlush = idleFlush;
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        this.pending = new PendingAudio(context.getStateStore(PendingAudio.STORE));
        if (idleFlush != null) {
            context.schedule(Duration.ofMillis(100), PunctuationType.WALL_CLOCK_TIME, this::flushIdle);
        }
    }

    /** Finalises the pending words of every video that has been silent (no audio records) for the idle flush. */
    private void flushIdle(long wallClockMs) {
        var it = unflushed.entrySet().iterator();
        while (it.hasNext()) {
            var e = it.next();
            if (wallClockMs - e.getValue()[0] < idleFlush.toMillis()) {
                continue;
            }
            it.remove();
            Transcriber t = active.get(e.getKey());
            if (t != null) {
                try {
                    t.flush().ifPresent(u -> context.forward(
                            new Record<>(e.getKey(), (SpecificRecord) transcript(e.getKey(), u), e.getValue()[1])));
                    pending.clear(e.getKey());
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
            pending.clear(video);
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
            Transcriber t = active.get(video);
            if (t == null) {
                t = transcribers.get();
                active.put(video, t);
                // taken over mid-utterance: hear first what the previous recogniser had not finished
                for (AudioChunk earlier : pending.before(video, chunk.getStartUs())) {
                    feed(record, video, t, earlier);
                }
            }
            if (chunk.getStartUs() - t.positionUs() > HOLE_US && t.positionUs() > 0) {
                emit(record, video, t.flush());
                pending.clear(video);
                t.skipTo(chunk.getStartUs());
            }
            pending.add(video, chunk);
            feed(record, video, t, chunk);
            if (idleFlush != null) {
                unflushed.put(video, new long[] {context.currentSystemTimeMs(), record.timestamp()});
            }
        }
        if (chunk.getLast()) {
            Transcriber t = active.get(video);
            if (t != null) {
                emit(record, video, t.finish());
            }
        }
    }

    /** Feeds one stored chunk to {@code t}; once an utterance is final, the audio it was heard from is let go. */
    private void feed(Record<String, AudioChunk> record, String video, Transcriber t, AudioChunk chunk) {
        ByteBuffer pcm = chunk.getPcm();
        byte[] bytes = new byte[pcm.remaining()];
        pcm.duplicate().get(bytes);
        Optional<Utterance> heard = t.accept(chunk.getStartUs(), bytes, bytes.length);
        emit(record, video, heard);
        if (heard.isPresent() && heard.get().isFinal()) {
            pending.clearThrough(video, chunk.getStartUs());
        }
    }

    private void emit(Record<String, AudioChunk> record, String video, Optional<Utterance> heard) {
        heard.ifPresent(u -> context.forward(record.withValue(transcript(video, u))));
    }

    private void fail(Record<String, AudioChunk> record, String video, RuntimeException e) {
        String reason = "speech recognition failed: " + e.getMessage();
        failed.put(video, reason);
        pending.clear(video);
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
    }
}
