package io.mmstream.streams.captions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mmstream.asr.Transcriber;
import io.mmstream.asr.Utterance;
import io.mmstream.asr.Word;
import io.mmstream.streams.records.AudioChunk;
import io.mmstream.streams.records.Caption;
import io.mmstream.streams.records.DeadLetter;
import io.mmstream.streams.records.Transcript;
import io.mmstream.streams.topics.Topic;
import io.mmstream.streams.topics.Topics;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The captioning topology as it runs, driven with a scripted recogniser instead of Vosk. */
class CaptionTopologyTest {

    /**
     * Hears one word per non-empty chunk ("w0", "w1", ...), spoken over the chunk's 200 ms; reports a
     * partial after each chunk and a final at every third. A chunk whose first byte is 99 breaks it.
     */
    static final class ScriptedTranscriber implements Transcriber {
        private final List<Word> pending = new ArrayList<>();
        private int heard;
        private long position;
        boolean closed;

        @Override
        public Optional<Utterance> accept(long startUs, byte[] pcm, int length) {
            if (pcm[0] == 99) {
                throw new IllegalStateException("decoder state corrupt");
            }
            position = startUs + length / 2 * 1_000_000L / 16_000;
            pending.add(new Word("w" + heard++, startUs, position, 0.9f));
            if (heard % 3 == 0) {
                return finish();
            }
            return Optional.of(new Utterance(pending.get(0).startUs(), position, text(), List.of(), false));
        }

        @Override
        public Optional<Utterance> finish() {
            if (pending.isEmpty()) {
                return Optional.empty();
            }
            Utterance u = new Utterance(pending.get(0).startUs(), position, text(), pending, true);
            pending.clear();
            return Optional.of(u);
        }

        @Override
        public Optional<Utterance> flush() {
            return finish();
        }

        @Override
        public void skipTo(long startUs) {
            position = Math.max(position, startUs);
        }

        private String text() {
            return String.join(" ", pending.stream().map(Word::text).toList());
        }

        @Override
        public long positionUs() {
            return position;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    @TempDir
    Path stateDir;

    private TopologyTestDriver driver;
    private final List<ScriptedTranscriber> made = new ArrayList<>();
    private TestInputTopic<String, AudioChunk> audio;

    private CaptionTopology.Mode mode;
    /** What the previous owner of a video had heard, as mm.audio holds it; and what was asked of it. */
    private final List<AudioRewind.Chunk> earlierAudio = new ArrayList<>();
    private final List<String> rewound = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        start(CaptionTopology.Mode.FILE);
    }

    private void start(CaptionTopology.Mode mode) throws Exception {
        this.mode = mode;
        Properties config = CaptionTopology.streamsConfig("127.0.0.1:1", Files.createDirectories(stateDir), "exactly_once_v2", mode);
        driver = new TopologyTestDriver(CaptionTopology.topology(() -> {
            ScriptedTranscriber t = new ScriptedTranscriber();
            made.add(t);
            return t;
        }, mode, () -> (video, partition, from, to) -> {
            rewound.add(video + " " + from + ".." + to);
            return earlierAudio.stream().filter(c -> c.audio().getVideoId().equals(video) && c.offset() >= from && c.offset() < to)
                    .toList();
        }), config, java.time.Instant.ofEpochMilli(0));
        audio = input(Topics.AUDIO);
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    private <V> TestInputTopic<String, V> input(Topic<String, V> t) {
        return driver.createInputTopic(t.name(), t.keySerde().serializer(), t.valueSerde().serializer());
    }

    private <V> TestOutputTopic<String, V> output(Topic<String, V> t) {
        return driver.createOutputTopic(t.name(), t.keySerde().deserializer(), t.valueSerde().deserializer());
    }

    private AudioChunk chunk(String video, long startUs, byte first, boolean last) {
        return chunk(video, startUs, first, last, mode == CaptionTopology.Mode.LIVE);
    }

    private static AudioChunk chunk(String video, long startUs, byte first, boolean last, boolean live) {
        byte[] pcm = last ? new byte[0] : new byte[6400];
        if (pcm.length > 0) {
            pcm[0] = first;
        }
        return AudioChunk.newBuilder().setVideoId(video).setStartUs(startUs).setPcm(ByteBuffer.wrap(pcm)).setLast(last)
                .setLive(live).build();
    }

    private void speak(String video, int chunks, boolean end) {
        for (int i = 0; i < chunks; i++) {
            audio.pipeInput(video, chunk(video, i * 200_000L, (byte) 0, false));
        }
        if (end) {
            audio.pipeInput(video, chunk(video, chunks * 200_000L, (byte) 0, true));
        }
    }

    @Test
    void audioBecomesPartialAndFinalTranscriptsThenEndOfStream() {
        speak("talk", 4, true);
        List<Transcript> transcripts = output(Topics.TRANSCRIPTS).readValuesToList();
        // chunk 1: partial, chunk 2: partial, chunk 3: final, chunk 4: partial "w3", end: final "w3", end of stream
        assertEquals(List.of("w0", "w0 w1", "w0 w1 w2", "w3", "w3", ""),
                transcripts.stream().map(Transcript::getText).toList());
        assertEquals(List.of(false, false, true, false, true, true),
                transcripts.stream().map(Transcript::getIsFinal).toList());
        Transcript last = transcripts.get(transcripts.size() - 1);
        assertTrue(last.getEndOfStream());
        assertTrue(made.get(0).closed, "the recogniser is closed at the end of its stream");
    }

    @Test
    void finalTranscriptsBecomeCuesTimedByTheirWords() {
        speak("talk", 3, true);
        List<Caption> captions = output(Topics.CAPTIONS).readValuesToList();
        List<Caption> finals = captions.stream().filter(c -> c.getIsFinal() && !c.getEndOfStream()).toList();
        assertEquals(1, finals.size());
        assertEquals(List.of("W0 w1 w2."), finals.get(0).getLines(), "a final cue of a whole utterance reads as a sentence");
        assertEquals(0, finals.get(0).getStartUs());
        assertEquals(1_000_000, finals.get(0).getEndUs(), "600 ms of words stretched to the 1 s minimum");
        assertTrue(captions.stream().anyMatch(c -> !c.getIsFinal()), "partials reach the captions topic");
        assertTrue(captions.get(captions.size() - 1).getEndOfStream());
    }

    @Test
    void aHoleInTheAudioEndsTheUtteranceBeforeIt() {
        audio.pipeInput("live", chunk("live", 0, (byte) 0, false));
        // the stream came back 5 s later (reopened): "w0" is final before "w1" is heard
        audio.pipeInput("live", chunk("live", 5_200_000, (byte) 0, false));
        List<Transcript> t = output(Topics.TRANSCRIPTS).readValuesToList();
        assertEquals(List.of("w0", "w0", "w1"), t.stream().map(Transcript::getText).toList());
        assertEquals(List.of(false, true, false), t.stream().map(Transcript::getIsFinal).toList());
        assertEquals(5_200_000, t.get(2).getStartUs(), "times go on after the hole");
    }

    @Test
    void aSilentLiveStreamHasItsPendingWordsFinalisedAfterTheIdleFlush() throws Exception {
        driver.close();
        start(CaptionTopology.Mode.LIVE);
        audio.pipeInput("live", chunk("live", 0, (byte) 0, false));
        driver.advanceWallClockTime(java.time.Duration.ofMillis(600));
        List<Transcript> early = output(Topics.TRANSCRIPTS).readValuesToList();
        assertEquals(List.of(false), early.stream().map(Transcript::getIsFinal).toList(), "0.6 s of silence is not yet a stall");
        driver.advanceWallClockTime(java.time.Duration.ofMillis(600));
        List<Transcript> late = output(Topics.TRANSCRIPTS).readValuesToList();
        assertEquals(1, late.size());
        assertTrue(late.get(0).getIsFinal());
        assertEquals("w0", late.get(0).getText());
        assertTrue(output(Topics.CAPTIONS).readValuesToList().stream().anyMatch(Caption::getIsFinal), "and reach the captions");
        driver.advanceWallClockTime(java.time.Duration.ofSeconds(5));
        assertTrue(output(Topics.TRANSCRIPTS).readValuesToList().isEmpty(), "flushed once");
    }

    @Test
    void eachVideoHasItsOwnRecogniser() {
        audio.pipeInput("a", chunk("a", 0, (byte) 0, false));
        audio.pipeInput("b", chunk("b", 0, (byte) 0, false));
        audio.pipeInput("a", chunk("a", 200_000, (byte) 0, false));
        assertEquals(2, made.size());
        List<Transcript> t = output(Topics.TRANSCRIPTS).readValuesToList();
        assertEquals("w0 w1", t.get(2).getText(), "video a's words do not mix with b's");
    }

    @Test
    void aFailingRecogniserSendsADeadLetterAndStillEndsItsStream() {
        audio.pipeInput("bad", chunk("bad", 0, (byte) 99, false));
        audio.pipeInput("bad", chunk("bad", 200_000, (byte) 0, false));
        audio.pipeInput("bad", chunk("bad", 400_000, (byte) 0, true));
        speak("good", 3, true);

        List<DeadLetter> dead = output(Topics.DLQ).readValuesToList();
        assertEquals(1, dead.size());
        assertEquals("asr", dead.get(0).getStage());
        assertEquals("bad", dead.get(0).getVideoId());
        assertTrue(dead.get(0).getReason().contains("decoder state corrupt"));
        assertTrue(dead.get(0).getOriginal().remaining() > 6400, "the original audio record is kept");

        List<Caption> captions = output(Topics.CAPTIONS).readValuesToList();
        assertTrue(captions.stream().anyMatch(c -> c.getVideoId().equals("bad") && c.getEndOfStream()));
        assertTrue(captions.stream().anyMatch(c -> c.getVideoId().equals("good") && c.getIsFinal() && !c.getEndOfStream()));
        assertFalse(captions.stream().anyMatch(c -> c.getVideoId().equals("bad") && !c.getEndOfStream()));
    }

    @Test
    void silenceGivesAnEndOfStreamAndNoCue() {
        audio.pipeInput("quiet", chunk("quiet", 0, (byte) 0, true));
        List<Caption> captions = output(Topics.CAPTIONS).readValuesToList();
        assertEquals(1, captions.size());
        assertTrue(captions.get(0).getEndOfStream());
        assertEquals(0, made.size(), "no recogniser for a stream without audio");
    }

    @Test
    void recognisersAreCountedPerStream() {
        AtomicInteger ends = new AtomicInteger();
        speak("x", 2, true);
        speak("x", 2, true);
        output(Topics.TRANSCRIPTS).readValuesToList().forEach(t -> {
            if (t.getEndOfStream()) {
                ends.incrementAndGet();
            }
        });
        assertEquals(2, ends.get());
        assertEquals(2, made.size(), "a new stream of the same id gets a fresh recogniser");
    }

    @Test
    void aRecogniserTakingAVideoOverMidUtteranceReadsItsAudioBackFirst() {
        // offsets 0 and 1 of mm.audio: another video's chunks, heard here
        audio.pipeInput("other", chunk("other", 0, (byte) 0, false));
        audio.pipeInput("other", chunk("other", 200_000, (byte) 0, false));
        // another instance had heard chunks 0 and 1 of "talk" (w0 w1 still pending) when it lost the video
        KeyValueStore<String, Long> store = driver.getKeyValueStore(UtteranceStarts.STORE);
        store.put("talk", 0L);
        earlierAudio.add(new AudioRewind.Chunk(0, chunk("talk", 0, (byte) 0, false)));
        earlierAudio.add(new AudioRewind.Chunk(1, chunk("talk", 200_000, (byte) 0, false)));
        audio.pipeInput("talk", chunk("talk", 400_000, (byte) 0, false)); // offset 2
        assertEquals(List.of("talk 0..2"), rewound);
        List<Transcript> t = output(Topics.TRANSCRIPTS).readValuesToList().stream().filter(x -> x.getVideoId().equals("talk")).toList();
        Transcript last = t.get(t.size() - 1);
        assertTrue(last.getIsFinal());
        assertEquals("w0 w1 w2", last.getText(), "the words heard before the hand-over are not lost");
        assertEquals(0, last.getStartUs(), "and keep their times");
        assertEquals(3L, store.get("talk"), "the next utterance starts after the chunk that ended this one");
    }

    @Test
    void eachUtteranceStartIsKeptUntilTheVideoEnds() {
        KeyValueStore<String, Long> store = driver.getKeyValueStore(UtteranceStarts.STORE);
        audio.pipeInput("talk", chunk("talk", 0, (byte) 0, false));
        assertEquals(0L, store.get("talk"), "a new video's first utterance starts at its first chunk");
        speak("talk", 0, false);
        audio.pipeInput("talk", chunk("talk", 200_000, (byte) 0, false));
        audio.pipeInput("talk", chunk("talk", 400_000, (byte) 0, false)); // w0 w1 w2 final at offset 2
        assertEquals(3L, store.get("talk"));
        audio.pipeInput("talk", chunk("talk", 600_000, (byte) 0, true));
        assertEquals(null, store.get("talk"), "an ended video leaves nothing behind");
        assertTrue(rewound.isEmpty(), "nothing is read back when no recogniser changed hands");
    }

    @Test
    void eachModeRecognisesOnlyItsKindOfSource() throws Exception {
        audio.pipeInput("stream", chunk("stream", 0, (byte) 0, false, true));
        audio.pipeInput("file", chunk("file", 0, (byte) 0, false, false));
        assertEquals(List.of("file"), output(Topics.TRANSCRIPTS).readValuesToList().stream().map(Transcript::getVideoId).toList());
        driver.close();
        start(CaptionTopology.Mode.LIVE);
        audio.pipeInput("stream", chunk("stream", 0, (byte) 0, false, true));
        audio.pipeInput("file", chunk("file", 0, (byte) 0, false, false));
        assertEquals(List.of("stream"), output(Topics.TRANSCRIPTS).readValuesToList().stream().map(Transcript::getVideoId).toList());
    }

    @Test
    void aVideoIngestedAgainStartsOverWithAFreshRecogniser() {
        audio.pipeInput("talk", chunk("talk", 0, (byte) 0, false));
        audio.pipeInput("talk", chunk("talk", 200_000, (byte) 0, false)); // pending: w0 w1; the run is abandoned
        audio.pipeInput("talk", chunk("talk", 0, (byte) 0, false)); // the same file, ingested again
        audio.pipeInput("talk", chunk("talk", 200_000, (byte) 0, false));
        audio.pipeInput("talk", chunk("talk", 400_000, (byte) 0, false));
        assertEquals(2, made.size(), "a fresh recogniser for the new run");
        List<Transcript> finals = output(Topics.TRANSCRIPTS).readValuesToList().stream().filter(Transcript::getIsFinal).toList();
        assertEquals(List.of("w0 w1 w2"), finals.stream().map(Transcript::getText).toList(), "nothing of the abandoned run mixes in");
        assertEquals(0, finals.get(0).getStartUs());
    }

    @Test
    void audioReadBackFromAnAbandonedRunIsNotHeard() {
        AudioChunk next = chunk("talk", 400_000, (byte) 0, false);
        List<AudioRewind.Chunk> oldThenNew = List.of(
                new AudioRewind.Chunk(0, chunk("talk", 3_000_000, (byte) 0, false)),
                new AudioRewind.Chunk(1, chunk("talk", 3_200_000, (byte) 0, false)),
                new AudioRewind.Chunk(2, chunk("talk", 0, (byte) 0, false)),
                new AudioRewind.Chunk(3, chunk("talk", 200_000, (byte) 0, false)));
        assertEquals(List.of(2L, 3L), TranscriptionProcessor.sameRun(oldThenNew, next).stream().map(AudioRewind.Chunk::offset).toList());
        assertTrue(TranscriptionProcessor.sameRun(oldThenNew.subList(0, 2), next).isEmpty(), "only the old run: nothing");
    }
}
