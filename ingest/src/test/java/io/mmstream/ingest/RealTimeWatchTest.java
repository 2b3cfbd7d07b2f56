package io.mmstream.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RealTimeWatchTest {

    private long nowUs;
    private final List<String> notices = new ArrayList<>();
    private final List<Long> passed = new ArrayList<>();

    private RealTimeWatch watch() {
        MediaSink sink = new MediaSink() {
            @Override
            public void audio(AudioChunk chunk) {
                passed.add(chunk.startUs());
            }
        };
        RealTimeWatch watch = new RealTimeWatch(sink, notices::add, () -> nowUs);
        watch.opened(new MediaInfo("udp://x", "mpegts", -1, null, 0, 0, 0, "aac", 16_000, 1));
        return watch;
    }

    private static AudioChunk chunkAt(long startUs) {
        return new AudioChunk(startUs, new byte[3_200]);
    }

    @Test
    void aRealTimeStreamWithItsProbedSecondAheadIsNotReported() throws Exception {
        RealTimeWatch watch = watch();
        // the decoder hands over the probed second at once, then audio comes at the clock's pace
        for (long t = 0; t < 60_000_000; t += 100_000) {
            nowUs = Math.max(0, t - 1_000_000);
            watch.audio(chunkAt(t));
        }
        assertTrue(notices.isEmpty(), notices.toString());
        assertEquals(600, passed.size(), "every chunk reaches the sink");
    }

    @Test
    void aStreamTwiceAsFastAsTheClockIsReportedOnceAndStillPassedOn() throws Exception {
        RealTimeWatch watch = watch();
        for (long t = 0; t < 60_000_000; t += 100_000) {
            nowUs = t / 2;
            watch.audio(chunkAt(t));
        }
        assertEquals(1, notices.size(), notices.toString());
        assertTrue(notices.get(0).matches("the stream arrives faster than real time \\(10\\.0 s of media in (4\\.9|5\\.0) s\\).*"), notices.get(0));
        assertEquals(600, passed.size());
    }
}
