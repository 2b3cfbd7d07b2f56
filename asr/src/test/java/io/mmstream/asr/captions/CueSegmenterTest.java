package io.mmstream.asr.captions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mmstream.asr.SpeakerChanges;
import io.mmstream.asr.Utterance;
import io.mmstream.asr.Word;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CueSegmenterTest {

    private final CueSegmenter segmenter = new CueSegmenter();

    /** Words of {@code text} spoken back to back, each {@code wordUs} long, from {@code startUs}. */
    private static Utterance spoken(String text, long startUs, long wordUs) {
        List<Word> words = new ArrayList<>();
        long t = startUs;
        for (String w : text.split(" ")) {
            words.add(new Word(w, t, t + wordUs, 1f));
            t += wordUs;
        }
        return new Utterance(startUs, t, text, words, true);
    }

    @Test
    void shortUtteranceIsOneCueTimedByItsWords() {
        List<Cue> cues = segmenter.cues(spoken("hello there world", 2_000_000, 400_000));
        assertEquals(1, cues.size());
        assertEquals(2_000_000, cues.get(0).startUs());
        assertEquals(3_200_000, cues.get(0).endUs());
        assertEquals(List.of("Hello there world."), cues.get(0).lines(), "an utterance reads as a sentence");
    }

    @Test
    void cuesHoldAtMostTwoLinesOf42Characters() {
        String text = "and mister john dashwood had then leisure to consider how much there might be prudently "
                + "in his power to do for them and he was not an ill disposed young man unless to be rather cold hearted";
        List<Cue> cues = segmenter.cues(spoken(text, 0, 250_000));
        assertTrue(cues.size() >= 3);
        StringBuilder joined = new StringBuilder();
        for (Cue cue : cues) {
            assertTrue(cue.lines().size() <= 2, cue.toString());
            cue.lines().forEach(line -> assertTrue(line.length() <= 42, line));
            assertTrue(cue.endUs() - cue.startUs() <= 7_000_000, cue.toString());
            joined.append(joined.length() == 0 ? "" : " ").append(cue.text());
        }
        assertEquals("A" + text.substring(1) + ".", joined.toString(), "no word lost or repeated; one sentence");
    }

    @Test
    void twoLinesAreBalanced() {
        List<String> lines = segmenter.wrap(List.of("one two three four five six seven eight nine ten eleven".split(" ")));
        assertEquals(2, lines.size());
        assertTrue(Math.abs(lines.get(0).length() - lines.get(1).length()) <= 6, lines.toString());
    }

    @Test
    void slowSpeechIsCutAtSevenSeconds() {
        List<Cue> cues = segmenter.cues(spoken("a b c d e f g h i j", 0, 1_000_000));
        assertEquals(2, cues.size());
        assertEquals(7_000_000, cues.get(0).endUs());
        assertEquals(7_000_000, cues.get(1).startUs());
    }

    @Test
    void aLongPauseStartsANewCue() {
        Utterance u = new Utterance(0, 5_000_000, "yes no", List.of(
                new Word("yes", 0, 300_000, 1f), new Word("no", 4_000_000, 4_300_000, 1f)), true);
        List<Cue> cues = segmenter.cues(u);
        assertEquals(2, cues.size());
        assertEquals(1_000_000, cues.get(0).endUs(), "a short cue is stretched to 1 s");
    }

    @Test
    void stretchingNeverOverlapsTheNextCue() {
        Utterance u = new Utterance(0, 2_000_000, "yes no", List.of(
                new Word("yes", 0, 200_000, 1f), new Word("no", 1_300_000, 1_500_000, 1f)), true);
        CueSegmenter eager = new CueSegmenter(42, 2, 7_000_000, 2_000_000, 1_000_000);
        List<Cue> cues = eager.cues(u);
        assertEquals(1_300_000, cues.get(0).endUs());
    }

    @Test
    void aSpeakerChangeEndsTheCueAndTheSentence() {
        Utterance u = spoken("so it is agreed then yes it is and twenty three of them", 0, 300_000);
        // the change falls in the gap after "then" (the fifth word ends at 1.5 s)
        List<Cue> cues = segmenter.cues(u.withSpeakerChanges(new SpeakerChanges(List.of(1_550_000L), Long.MAX_VALUE)));
        assertEquals(2, cues.size(), cues.toString());
        assertEquals("So it is agreed then.", cues.get(0).text());
        assertEquals("Yes it is and 23 of them.", cues.get(1).text());
        assertEquals(1_500_000, cues.get(0).endUs(), "the first cue is not stretched over the next speaker's words");
        assertEquals(u.words().get(5).startUs(), cues.get(1).startUs());
    }

    @Test
    void numbersAreDigitsInTheCueButNotInTheWords() {
        Utterance u = spoken("i counted one hundred and five of them", 0, 300_000);
        assertEquals("I counted 105 of them.", segmenter.cues(u).get(0).text());
        assertEquals("one", u.words().get(2).text());
    }

    @Test
    void partialShowsItsLatestWords() {
        String text = "this partial result keeps growing while the speaker goes on talking about many things at length";
        Cue cue = segmenter.partial(new Utterance(0, 9_000_000, text, List.of(), false));
        assertTrue(cue.lines().size() <= 2);
        assertTrue(cue.text().endsWith("about many things at length") && text.endsWith(" " + cue.text()),
                "the latest words, cut at a word: " + cue.text());
        assertEquals(false, cue.isFinal());
    }
}
