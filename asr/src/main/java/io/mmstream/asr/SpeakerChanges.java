package io.mmstream.asr;

import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Where the speaker changed during an utterance, as far as a detector has looked.
 *
 * @param atUs media times of the changes, in order
 * @param checkedUntilUs every change before this media time is in {@code atUs}; later ones may still be found
 *     ({@link Long#MAX_VALUE} when nothing looks for changes: there is nothing to wait for)
 */
public record SpeakerChanges(List<Long> atUs, long checkedUntilUs) {

    /** No detector: no change, nothing pending. */
    public static final SpeakerChanges NONE = new SpeakerChanges(List.of(), Long.MAX_VALUE);

    /**
     * How far a change is moved to the pause between two words: a detector places a change a few
     * hundred milliseconds off, and people take turns at pauses.
     */
    public static final long SNAP_US = 400_000;
    /** The shortest silence between two words that counts as a pause a change moves to. */
    static final long MIN_PAUSE_US = 100_000;

    public SpeakerChanges {
        atUs = List.copyOf(atUs);
    }

    /**
     * The indices of the words of {@code words} (in time order) that a new speaker's words start with:
     * each change moves to the longest pause within {@link #SNAP_US} of it, or without one, to the first
     * word whose middle lies past it. The start of the words, and their end when they are {@code complete}
     * (a final utterance), count as the longest pauses: a change there needs no cut among the words.
     */
    public SortedSet<Integer> turns(List<Word> words, boolean complete) {
        SortedSet<Integer> turns = new TreeSet<>();
        if (words.isEmpty()) {
            return turns;
        }
        for (long t : atUs) {
            boolean atAnEdge = Math.abs(words.get(0).startUs() - t) <= SNAP_US || t <= words.get(0).startUs()
                    || complete && (Math.abs(words.get(words.size() - 1).endUs() - t) <= SNAP_US || t >= words.get(words.size() - 1).endUs());
            if (atAnEdge) {
                continue;
            }
            int best = -1;
            long longest = MIN_PAUSE_US - 1;
            for (int k = 1; k < words.size(); k++) {
                long pause = words.get(k).startUs() - words.get(k - 1).endUs();
                long gap = (words.get(k - 1).endUs() + words.get(k).startUs()) / 2;
                if (Math.abs(gap - t) <= SNAP_US && pause > longest) {
                    longest = pause;
                    best = k;
                }
            }
            for (int k = 1; best < 0 && k < words.size(); k++) {
                if (middle(words.get(k - 1)) < t && t <= middle(words.get(k))) {
                    best = k;
                }
            }
            if (best > 0) {
                turns.add(best);
            }
        }
        return turns;
    }

    /** Whether no change found from now on can fall before the end of {@code word}, wherever it is moved to. */
    public boolean checkedPast(Word word) {
        return checkedUntilUs >= middle(word) + SNAP_US;
    }

    private static long middle(Word w) {
        return (w.startUs() + w.endUs()) / 2;
    }
}
