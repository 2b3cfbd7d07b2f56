package io.mmstream.asr.speakers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MfccExtractorTest {

    @Test
    void framesDoNotDependOnHowTheAudioIsChunked() {
        byte[] pcm = SyntheticVoices.speech(SyntheticVoices.LOW, 1, 7);
        List<MfccFrame> whole = new MfccExtractor(12).accept(500_000, pcm, pcm.length);
        MfccExtractor chunked = new MfccExtractor(12);
        List<MfccFrame> pieces = new ArrayList<>();
        int[] sizes = {998, 3200, 2, 640};
        for (int off = 0, i = 0; off < pcm.length; i++) {
            int n = Math.min(sizes[i % sizes.length], pcm.length - off);
            pieces.addAll(chunked.accept(500_000 + off / 2 * 1_000_000L / 16_000, java.util.Arrays.copyOfRange(pcm, off, off + n), n));
            off += n;
        }
        assertEquals(98, whole.size(), "25 ms frames every 10 ms in 1 s");
        assertEquals(whole.size(), pieces.size());
        for (int i = 0; i < whole.size(); i++) {
            assertEquals(whole.get(i).timeUs(), pieces.get(i).timeUs(), 1, "frame " + i);
            assertArrayEquals(whole.get(i).cepstra(), pieces.get(i).cepstra(), 1e-9, "frame " + i);
        }
        assertEquals(500_000 + 12_500, whole.get(0).timeUs(), "a frame's time is its centre");
    }

    @Test
    void energyIsInDecibelsOfFullScale() {
        byte[] pcm = new byte[2 * 1600];
        for (int t = 0; t < 1600; t++) {
            int s = (int) Math.round(32767 * Math.sin(2 * Math.PI * 440 * t / 16_000.0));
            pcm[2 * t] = (byte) s;
            pcm[2 * t + 1] = (byte) (s >> 8);
        }
        for (MfccFrame f : new MfccExtractor(12).accept(0, pcm, pcm.length)) {
            assertEquals(0, f.energyDb(), 0.2);
        }
        assertEquals(12, new MfccExtractor(12).accept(0, pcm, pcm.length).get(0).cepstra().length);
    }
}
