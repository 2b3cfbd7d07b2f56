package io.mmstream.asr.speakers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mmstream.asr.SpeakerChanges;
import io.mmstream.asr.Transcriber;
import io.mmstream.asr.Utterance;
import io.mmstream.asr.Word;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SpeakerTurnTranscriberTest {

    /** A recogniser that hears one word per second of audio and ends its utterance when flushed. */
    private static final class OneWordPerSecond implements Transcriber {
        private long position;
        private final java.util.List<Word> words = new java.util.ArrayList<>();

        @Override
        public Optional<Utterance> accept(long startUs, byte[] pcm, int length) {
            position = startUs + length / 2 * 1_000_000L / 16_000;
            if (position / 1_000_000 > words.size()) {
                long s = words.size() * 1_000_000L;
                words.add(new Word("w" + words.size(), s + 200_000, s + 800_000, 1f));
                return Optional.of(new Utterance(words.get(0).startUs(), position, "", words, false));
            }
            return Optional.empty();
        }

        @Override
        public Optional<Utterance> finish() {
            return flush();
        }

        @Override
        public Optional<Utterance> flush() {
            Utterance u = new Utterance(words.get(0).startUs(), words.get(words.size() - 1).endUs(), "", words, true);
            words.clear();
            return Optional.of(u);
        }

        @Override
        public void skipTo(long startUs) {}

        @Override
        public long positionUs() {
            return position;
        }

        @Override
        public void close() {}
    }

    @Test
    void utterancesCarryTheChangesAmongTheirWordsAndHowFarTheDetectorLooked() {
        byte[] pcm = SyntheticVoices.concat(SyntheticVoices.speech(SyntheticVoices.LOW, 4, 1), SyntheticVoices.silence(0.2),
                SyntheticVoices.speech(SyntheticVoices.HIGH, 3, 2));
        try (SpeakerTurnTranscriber t = new SpeakerTurnTranscriber(new OneWordPerSecond())) {
            SpeakerChanges lastPartial = null;
            for (int off = 0; off < pcm.length; off += 3200) {
                Optional<Utterance> u = t.accept(off / 2 * 1_000_000L / 16_000, java.util.Arrays.copyOfRange(pcm, off, off + 3200), 3200);
                if (u.isPresent()) {
                    lastPartial = u.get().speakerChanges();
                }
            }
            assertTrue(lastPartial.checkedUntilUs() > 4_100_000 && lastPartial.checkedUntilUs() < 7_200_000, lastPartial.toString());
            SpeakerChanges atEnd = t.finish().orElseThrow().speakerChanges();
            assertEquals(1, atEnd.atUs().size(), atEnd.toString());
            assertTrue(Math.abs(atEnd.atUs().get(0) - 4_100_000) <= 500_000, atEnd.toString());
        }
    }
}
