package io.mmstream.asr.captions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mmstream.asr.SpeakerChanges;
import io.mmstream.asr.Utterance;
import io.mmstream.asr.Word;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Scripted partial and final results of a long utterance, as a streaming recogniser gives them one
 * word at a time: which cues leave at each result, and what they hold.
 */
class LiveCuesTest {

    /** 28 words, 163 characters: two full cues of 2 x 42 characters and a third. */
    private static final String SENTENCE = "and mister john dashwood had then leisure to consider how much there might be "
            + "prudently in his power to do for them unless to be rather cold hearted and rather selfish";
    private static final long WORD_US = 300_000;

    private final CueSegmenter segmenter = new CueSegmenter();
    private final LiveCues live = new LiveCues(segmenter);

    /** The first {@code n} words of {@code text}, each 0.3 s long, back to back from 1 s. */
    private static List<Word> words(String text, int n) {
        List<Word> words = new ArrayList<>();
        String[] all = text.split(" ");
        for (int i = 0; i < n; i++) {
            words.add(new Word(all[i], 1_000_000 + i * WORD_US, 1_000_000 + (i + 1) * WORD_US, 1f));
        }
        return words;
    }

    private static Utterance partial(List<Word> words) {
        return new Utterance(words.get(0).startUs(), words.get(words.size() - 1).endUs() + 50_000,
                String.join(" ", CueSegmenter.texts(words)), words, false);
    }

    private static Utterance fin(List<Word> words) {
        return new Utterance(words.get(0).startUs(), words.get(words.size() - 1).endUs(),
                String.join(" ", CueSegmenter.texts(words)), words, true);
    }

    private static List<Cue> finals(List<Cue> cues) {
        return cues.stream().filter(Cue::isFinal).toList();
    }

    @Test
    void aFullCueLeavesAsSoonAsTheWordThatDoesNotFitIsHeardAndTheWordsBeforeItAgree() {
        int total = SENTENCE.split(" ").length;
        List<Cue> fileCues = segmenter.cues(fin(words(SENTENCE, total)));
        int firstCueWords = fileCues.get(0).text().split(" ").length;

        List<Cue> sentEarly = new ArrayList<>();
        for (int n = 1; n <= total; n++) {
            List<Cue> out = live.next(partial(words(SENTENCE, n)));
            if (n <= firstCueWords) {
                assertTrue(finals(out).isEmpty(), "nothing is final while the words fit one cue: " + n + " words");
            }
            if (n == firstCueWords + 1) {
                assertEquals(List.of(fileCues.get(0)), finals(out), "the first cue leaves with the first word past it");
                Cue shown = out.get(out.size() - 1);
                assertFalse(shown.isFinal());
                assertEquals(words(SENTENCE, n).get(firstCueWords).text(), shown.text(), "the partial shows only the words after it");
            }
            sentEarly.addAll(finals(out));
        }
        assertEquals(fileCues.subList(0, fileCues.size() - 1), sentEarly, "every full cue left before the utterance ended");

        List<Cue> last = live.next(fin(words(SENTENCE, total)));
        assertEquals(List.of(fileCues.get(fileCues.size() - 1)), last, "the final result settles only the rest");
    }

    @Test
    void aCueWaitsWhileItsLastWordStillChanges() {
        List<Cue> fileCues = segmenter.cues(fin(words(SENTENCE, 28)));
        int k = fileCues.get(0).text().split(" ").length;
        for (int n = 1; n <= k; n++) {
            live.next(partial(words(SENTENCE, n)));
        }
        // the recogniser hears the next word and revises the cue's last one in the same result
        List<Word> revised = new ArrayList<>(words(SENTENCE, k + 1));
        Word lastOfCue = revised.get(k - 1);
        revised.set(k - 1, new Word("prudent", lastOfCue.startUs(), lastOfCue.endUs(), 1f));
        assertTrue(finals(live.next(partial(revised))).isEmpty(), "a word the last two results disagree on holds its cue back");

        List<Word> again = new ArrayList<>(words(SENTENCE, k + 2));
        again.set(k - 1, revised.get(k - 1));
        List<Cue> out = finals(live.next(partial(again)));
        assertEquals(1, out.size(), "the cue leaves once two results agree");
        assertTrue(out.get(0).text().endsWith(" prudent"), out.get(0).text());
        assertEquals(fileCues.get(0).startUs(), out.get(0).startUs());
    }

    @Test
    void aFinalResultThatChangesSentWordsCorrectsTheirCueUnderTheSameStart() {
        int k = segmenter.cues(fin(words(SENTENCE, 28))).get(0).text().split(" ").length;
        Cue sentEarly = null;
        for (int n = 1; n <= k + 3; n++) {
            for (Cue c : finals(live.next(partial(words(SENTENCE, n))))) {
                sentEarly = c;
            }
        }
        assertTrue(sentEarly != null && sentEarly.text().startsWith("And mister john dashwood"), "sent: " + sentEarly);

        List<Word> corrected = new ArrayList<>(words(SENTENCE, k + 3));
        Word john = corrected.get(2);
        corrected.set(2, new Word("jon", john.startUs(), john.endUs(), 1f));
        List<Cue> out = live.next(fin(corrected));
        assertEquals(2, out.size(), "a correction, then the cue of the rest: " + out);
        assertEquals(sentEarly.startUs(), out.get(0).startUs(), "the correction has the start of the cue it replaces");
        assertTrue(out.get(0).isFinal());
        assertEquals(sentEarly.text().replace(" john ", " jon "), out.get(0).text());
        assertEquals(String.join(" ", CueSegmenter.texts(corrected.subList(k, k + 3))) + ".", out.get(1).text(),
                "the rest continues the sentence and ends it");
    }

    @Test
    void anUtteranceThatFitsOneCueLeavesWithItsFinalResultAsOnFiles() {
        String text = "he was not an ill disposed young man";
        int n = text.split(" ").length;
        for (int i = 1; i <= n; i++) {
            List<Cue> out = live.next(partial(words(text, i)));
            assertEquals(1, out.size());
            assertFalse(out.get(0).isFinal());
        }
        assertEquals(segmenter.cues(fin(words(text, n))), live.next(fin(words(text, n))));
    }

    @Test
    void slowSpeechIsCutAtSevenSeconds() {
        List<Word> slow = new ArrayList<>();
        String[] all = "so it was that in the end the old house stood empty".split(" ");
        for (int i = 0; i < all.length; i++) {
            slow.add(new Word(all[i], i * 900_000L, i * 900_000L + 800_000, 1f));
        }
        List<Cue> early = new ArrayList<>();
        for (int n = 1; n <= slow.size(); n++) {
            early.addAll(finals(live.next(partial(slow.subList(0, n)))));
        }
        assertEquals(1, early.size(), "one cue of 7 s left early: " + early);
        assertTrue(early.get(0).endUs() - early.get(0).startUs() <= 7_000_000);
        assertEquals(segmenter.cues(fin(slow)).get(0), early.get(0));
    }

    @Test
    void aStreamThatStartsOverForgetsTheCuesOfItsEarlierRun() {
        for (int n = 1; n <= 20; n++) {
            live.next(partial(words(SENTENCE, n)));
        }
        // the same speech again from media time 0: none of it counts as sent
        List<Word> again = new ArrayList<>();
        for (Word w : words("he was not an ill disposed young man", 8)) {
            again.add(new Word(w.text(), w.startUs() - 1_000_000, w.endUs() - 1_000_000, 1f));
        }
        assertEquals(segmenter.cues(fin(again)), live.next(fin(again)));
    }

    @Test
    void aCueEndsWhereTheSpeakerChanges() {
        String text = "is that so yes it is quite so";
        long change = 1_000_000 + 3 * WORD_US; // between "so" and "yes"
        live.next(partial(words(text, 5)).withSpeakerChanges(new SpeakerChanges(List.of(change), 2_500_000)));
        List<Cue> out = live.next(partial(words(text, 6)).withSpeakerChanges(new SpeakerChanges(List.of(change), 2_500_000)));
        assertEquals(List.of("Is that so."), finals(out).stream().map(Cue::text).toList(), "the first speaker's words leave as one cue");
        assertEquals("yes it is", out.get(out.size() - 1).text(), "the partial shows the next speaker's words");
        List<Cue> last = live.next(fin(words(text, 8)).withSpeakerChanges(new SpeakerChanges(List.of(change), 2_900_000)));
        assertEquals(List.of("Yes it is quite so."), last.stream().map(Cue::text).toList());
        assertTrue(last.get(0).startUs() >= change, "no cue spans the change");
    }

    @Test
    void aFullCueWaitsUntilTheDetectorHasLookedPastItsLastWord() {
        int k = segmenter.cues(fin(words(SENTENCE, 28))).get(0).text().split(" ").length;
        long lastWordMiddle = 1_000_000 + (k - 1) * WORD_US + WORD_US / 2;
        long enough = lastWordMiddle + SpeakerChanges.SNAP_US; // a change found later may move back to a pause that far
        for (int n = 1; n <= k + 3; n++) {
            Utterance u = partial(words(SENTENCE, n)).withSpeakerChanges(new SpeakerChanges(List.of(), enough - 1));
            assertTrue(finals(live.next(u)).isEmpty(), "a change could still be found among its words: " + n);
        }
        Utterance looked = partial(words(SENTENCE, k + 4)).withSpeakerChanges(new SpeakerChanges(List.of(), enough));
        assertEquals(1, finals(live.next(looked)).size(), "the cue leaves once the detector has looked past it");
    }
}
