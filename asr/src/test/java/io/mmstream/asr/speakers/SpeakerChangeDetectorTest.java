package io.mmstream.asr.speakers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpeakerChangeDetectorTest {

    /** Feeds {@code pcm} in 100 ms chunks from media time 0; the changes found. */
    private static List<Long> changes(SpeakerChangeDetector detector, byte[] pcm) {
        List<Long> found = new ArrayList<>();
        for (int off = 0; off < pcm.length; off += 3200) {
            int n = Math.min(3200, pcm.length - off);
            found.addAll(detector.accept(off / 2 * 1_000_000L / 16_000, java.util.Arrays.copyOfRange(pcm, off, off + n), n));
        }
        return found;
    }

    @Test
    void aChangeOfVoiceIsFoundNearWhereItHappens() {
        byte[] pcm = SyntheticVoices.concat(SyntheticVoices.speech(SyntheticVoices.LOW, 4, 1), SyntheticVoices.silence(0.2),
                SyntheticVoices.speech(SyntheticVoices.HIGH, 3, 2));
        List<Long> found = changes(SpeakerChangeDetector.tuned(), pcm);
        assertEquals(1, found.size(), "changes: " + found);
        assertTrue(Math.abs(found.get(0) - 4_100_000) <= 500_000, "the change at 4.1 s was placed at " + found.get(0));
    }

    @Test
    void oneVoiceHasNoChange() {
        assertEquals(List.of(), changes(SpeakerChangeDetector.tuned(), SyntheticVoices.speech(SyntheticVoices.LOW, 10, 3)));
    }

    @Test
    void everyChangeBeforeTheCheckedTimeIsReportedAndTheCheckedTimeLagsTheSpeech() {
        SpeakerChangeDetector detector = SpeakerChangeDetector.tuned();
        byte[] pcm = SyntheticVoices.speech(SyntheticVoices.LOW, 3, 4);
        changes(detector, pcm);
        long checked = detector.checkedUntilUs();
        assertTrue(checked > 1_000_000 && checked <= 3_000_000 - 500_000,
                "with 3 s of speech heard, changes are known up to about 1 s of speech before its end: " + checked);
    }

    @Test
    void aHoleForgetsTheSpeechBeforeIt() {
        SpeakerChangeDetector detector = SpeakerChangeDetector.tuned();
        changes(detector, SyntheticVoices.speech(SyntheticVoices.LOW, 3, 5));
        detector.reset();
        // after the hole another voice speaks: nothing compares it with the voice before
        List<Long> found = new ArrayList<>();
        byte[] pcm = SyntheticVoices.speech(SyntheticVoices.HIGH, 3, 6);
        for (int off = 0; off < pcm.length; off += 3200) {
            found.addAll(detector.accept(10_000_000 + off / 2 * 1_000_000L / 16_000, java.util.Arrays.copyOfRange(pcm, off, off + 3200), 3200));
        }
        assertEquals(List.of(), found);
    }
}
