package io.mmstream.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reopening live streams, cut versus end, and pauses kept in the times, driven by scripted sessions instead of FFmpeg. */
class LiveReaderTest {

    private static final MediaInfo STREAM = new MediaInfo("udp://x", "mpegts", -1, null, 0, 0, 0, "aac", 16_000, 1);
    private static final DecodeOptions OPTIONS = DecodeOptions.audioOnly().withIoTimeout(Duration.ofSeconds(1));

    /** One scripted session: chunks from its own time 0, then how it ends. */
    private record Script(int chunks, String failure, boolean stalled) {}

    private final List<String> heard = new ArrayList<>();
    private final List<AudioChunk> chunks = new ArrayList<>();
    private int opened;

    private final MediaSink sink = new MediaSink() {
        @Override
        public void opened(MediaInfo info) {
            opened++;
        }

        @Override
        public void audio(AudioChunk chunk) {
            chunks.add(chunk);
        }
    };

    private final LiveReader.Events events = new LiveReader.Events() {
        @Override
        public void reconnecting(String reason, int attempt, Duration wait) {
            heard.add("reconnecting " + attempt + " after " + reason + " in " + wait.toMillis() + " ms");
        }

        @Override
        public void resumed(int attempt) {
            heard.add("resumed " + attempt);
        }

        @Override
        public void ended(String reason) {
            heard.add("ended: " + reason);
        }

        @Override
        public void paused(Duration gap) {
            heard.add("paused " + gap.toMillis() / 1000.0);
        }
    };

    /** An HLS playlist: its clean end (EXT-X-ENDLIST) is the end. */
    private static final String HLS = "http://127.0.0.1/live/x.m3u8";

    private LiveReader reader(Duration giveUp, Script... scripts) {
        Deque<Script> left = new ArrayDeque<>(List.of(scripts));
        return reader(giveUp, (url, sink) -> {
            Script s = left.isEmpty() ? new Script(0, "Connection refused", false) : left.poll();
            if (s.chunks() == 0 && s.failure() != null) {
                throw new MediaException(url, s.failure());
            }
            sink.opened(STREAM);
            for (int i = 0; i < s.chunks(); i++) {
                try {
                    sink.audio(new AudioChunk(i * 100_000L, new byte[3200]));
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            }
            if (s.failure() != null) {
                throw new MediaException(url, s.failure());
            }
            return new DecodeSummary(STREAM, 0, 0, s.chunks(), s.chunks() * 100_000L, s.stalled());
        });
    }

    private LiveReader reader(Duration giveUp, LiveReader.Decoder decoder) {
        return new LiveReader(OPTIONS, decoder, giveUp, () -> false, events);
    }

    private static void send(MediaSink sink, int from, int count) {
        for (int i = from; i < from + count; i++) {
            try {
                sink.audio(new AudioChunk(i * 100_000L, new byte[3200]));
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }
    }

    @Test
    void aStalledStreamIsReopenedAtOnceAndItsTimeGoesOn() throws Exception {
        DecodeSummary summary = reader(Duration.ofSeconds(5), new Script(10, null, true), new Script(5, null, false))
                .read(HLS, sink);
        assertEquals(List.of("reconnecting 1 after no data for 1 s in 0 ms", "resumed 1", "ended: the stream ended"), heard);
        assertEquals(1, opened, "the sink sees one stream");
        assertEquals(15, chunks.size());
        for (int i = 1; i < chunks.size(); i++) {
            assertTrue(chunks.get(i).startUs() >= chunks.get(i - 1).endUs(), "times never go back: " + i);
        }
        assertEquals(15, summary.audioChunks());
        assertEquals(chunks.get(14).endUs(), summary.lastMediaUs());
    }

    @Test
    void failuresAreRetriedWithGrowingBackOffUntilTheStreamIsBack() throws Exception {
        reader(Duration.ofSeconds(5), new Script(3, "Connection reset by peer", false),
                new Script(0, "Connection refused", false), new Script(2, null, false)).read(HLS, sink);
        assertEquals(List.of("reconnecting 1 after Connection reset by peer in 500 ms",
                "reconnecting 2 after Connection refused in 1000 ms", "resumed 2", "ended: the stream ended"), heard);
        assertEquals(5, chunks.size());
    }

    @Test
    void aStreamSilentForTheGiveUpTimeHasEnded() throws Exception {
        // reopenings keep failing: after 1.5 s without data the stream has ended, with the words it had
        reader(Duration.ofMillis(1500), new Script(4, null, true)).read("udp://x", sink);
        assertTrue(heard.get(heard.size() - 1).startsWith("ended: no data for"), heard.toString());
        assertEquals(4, chunks.size());
    }

    @Test
    void aStreamThatNeverOpensFailsWithItsReasonAndGarbageFailsAtOnce() {
        MediaException never = assertThrows(MediaException.class, () -> reader(Duration.ofMillis(1200)).read("udp://x", sink));
        assertTrue(never.reason().startsWith("Connection refused; nothing received for"), never.reason());

        heard.clear();
        MediaException garbage = assertThrows(MediaException.class,
                () -> reader(Duration.ofSeconds(5), new Script(0, "cannot open: Invalid data found when processing input", false))
                        .read("udp://x", sink));
        assertEquals("cannot open: Invalid data found when processing input", garbage.reason());
        assertEquals(List.of(), heard, "no reopening for bytes that are not a stream");
    }

    @Test
    void aCleanEndOfAPushedStreamIsACutUntilTheGiveUpTime() throws Exception {
        // an RTMP publisher that drops looks like the end of the stream: reopened with back-off (from
        // 0.5 s again once the stream came back), and only silence for the give-up time ends it
        reader(Duration.ofMillis(1500), new Script(5, null, false), new Script(3, null, false)).read("rtmp://127.0.0.1/live/x", sink);
        assertEquals(List.of("reconnecting 1 after the sender ended the stream in 500 ms", "resumed 1",
                "reconnecting 2 after the sender ended the stream in 500 ms"), heard.subList(0, 3));
        assertTrue(heard.get(3).startsWith("reconnecting 3 after Connection refused"), heard.toString());
        assertEquals("ended: no data for 1 s: the stream has ended", heard.get(heard.size() - 1));
        assertEquals(8, chunks.size());
        for (int i = 1; i < chunks.size(); i++) {
            assertTrue(chunks.get(i).startUs() >= chunks.get(i - 1).endUs(), "times never go back: " + i);
        }

        assertTrue(LiveReader.cleanEndMayBeCut("srt://127.0.0.1:9000?mode=listener"));
        assertTrue(LiveReader.cleanEndMayBeCut("rtsp://127.0.0.1:8554/s"));
        assertTrue(LiveReader.cleanEndMayBeCut("udp://127.0.0.1:5000"));
        assertFalse(LiveReader.cleanEndMayBeCut(HLS));
        assertFalse(LiveReader.cleanEndMayBeCut("samples/dashwood.mp4"));
    }

    @Test
    void aPauseInsideOneSessionIsKeptInTheTimesAndBurstsAtTheStreamsPaceAreNot() throws Exception {
        // 1 s segments arriving whole every second (HLS), then the playlist stops growing for 1.5 s more
        reader(Duration.ofSeconds(5), (url, sink) -> {
            sink.opened(STREAM);
            send(sink, 0, 10);
            sleep(1000);
            send(sink, 10, 10);
            sleep(2500);
            send(sink, 20, 10);
            return new DecodeSummary(STREAM, 0, 0, 30, 3_000_000, false);
        }).read(HLS, sink);
        assertEquals(chunks.get(9).endUs(), chunks.get(10).startUs(), "a burst at the stream's pace is no pause");
        long hole = chunks.get(20).startUs() - chunks.get(19).endUs();
        assertTrue(hole >= 1_300_000 && hole <= 1_900_000, "the 1.5 s pause is kept: " + hole + " us");
        assertTrue(heard.get(0).startsWith("paused 2."), heard.toString());
        assertEquals("ended: the stream ended", heard.get(heard.size() - 1));
    }

    @Test
    void whatADecoderHandsOutAfterAStallIsNoPause() throws Exception {
        // FFmpeg gives the audio its decoders held when a read times out (1 s here), then ends the session
        reader(Duration.ofSeconds(5), (url, sink) -> {
            sink.opened(STREAM);
            send(sink, 0, 10);
            sleep(1200);
            send(sink, 10, 2);
            return new DecodeSummary(STREAM, 0, 0, 12, 1_200_000, false);
        }).read(HLS, sink);
        assertEquals(List.of("ended: the stream ended"), heard);
        assertEquals(12, chunks.size(), "the last audio is kept");
        assertEquals(chunks.get(9).endUs(), chunks.get(10).startUs(), "at its own time");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
