package io.mmstream.asr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SpeakerChangesTest {

    /** "yes indeed" then, after a 0.2 s pause, "ten of clubs" (each word 0.3 s). */
    private static final List<Word> WORDS = List.of(new Word("yes", 0, 300_000, 1f), new Word("indeed", 300_000, 600_000, 1f),
            new Word("ten", 800_000, 1_100_000, 1f), new Word("of", 1_100_000, 1_400_000, 1f), new Word("clubs", 1_400_000, 1_700_000, 1f));

    @Test
    void aChangePlacedLateMovesBackToThePauseBeforeIt() {
        // the detector put the change inside "ten", 0.3 s after the pause
        assertEquals(Set.of(2), new SpeakerChanges(List.of(1_000_000L), Long.MAX_VALUE).turns(WORDS, false));
    }

    @Test
    void withoutAPauseNearTheChangeTheWordMiddlesDecide() {
        assertEquals(Set.of(4), new SpeakerChanges(List.of(1_500_000L), Long.MAX_VALUE).turns(WORDS, false));
        assertEquals(Set.of(), SpeakerChanges.NONE.turns(WORDS, false));
    }

    @Test
    void aChangeNearTheStartOrTheEndOfAnUtteranceCutsNothingInIt() {
        assertEquals(Set.of(), new SpeakerChanges(List.of(250_000L), Long.MAX_VALUE).turns(WORDS, false), "near the start");
        SpeakerChanges nearTheEnd = new SpeakerChanges(List.of(1_500_000L), Long.MAX_VALUE);
        assertEquals(Set.of(), nearTheEnd.turns(WORDS, true), "near the end of a final utterance");
        assertEquals(Set.of(4), nearTheEnd.turns(WORDS, false), "a partial's last words are not its end");
    }

    @Test
    void aWordIsCheckedOnceTheDetectorLookedPastItByTheSnappingDistance() {
        Word ten = WORDS.get(2);
        assertFalse(new SpeakerChanges(List.of(), 950_000 + SpeakerChanges.SNAP_US - 1).checkedPast(ten));
        assertTrue(new SpeakerChanges(List.of(), 950_000 + SpeakerChanges.SNAP_US).checkedPast(ten));
        assertTrue(SpeakerChanges.NONE.checkedPast(ten));
    }
}
