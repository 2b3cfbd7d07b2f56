package io.mmstream.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ShortBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AudioChunkerTest {

    @Test
    void chunksAreFullLengthOnAContinuousTimelineWithAShortLastOne() throws Exception {
        AudioChunker chunker = new AudioChunker(3200);
        List<AudioChunk> out = new ArrayList<>();
        // 1.05 s of audio in uneven decoder frames of 1024 samples, starting at 0.5 s
        short[] frame = new short[1024];
        long samples = 0;
        while (samples < 16_800) {
            int n = (int) Math.min(1024, 16_800 - samples);
            chunker.add(500_000 + samples * 1_000_000 / 16_000, ShortBuffer.wrap(frame, 0, n), out::add);
            samples += n;
        }
        chunker.flush(out::add);
        assertEquals(6, out.size());
        for (int i = 0; i < 5; i++) {
            assertEquals(3200, out.get(i).sampleCount());
            assertEquals(500_000 + i * 200_000L, out.get(i).startUs());
        }
        assertEquals(16_800 - 5 * 3200, out.get(5).sampleCount());
        assertEquals(1_550_000, out.get(5).endUs());
    }

    @Test
    void samplesAreLittleEndian() throws Exception {
        AudioChunker chunker = new AudioChunker(2);
        List<AudioChunk> out = new ArrayList<>();
        chunker.add(0, ShortBuffer.wrap(new short[] {0x0102, -2}), out::add);
        byte[] pcm = out.get(0).pcm();
        assertEquals(0x02, pcm[0]);
        assertEquals(0x01, pcm[1]);
        assertEquals((byte) 0xFE, pcm[2]);
        assertEquals((byte) 0xFF, pcm[3]);
    }
}
