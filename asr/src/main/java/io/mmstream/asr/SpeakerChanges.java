package io.mmstream.asr;

import java.util.List;

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

    public SpeakerChanges {
        atUs = List.copyOf(atUs);
    }

    /** Whether a change lies between the middles of {@code before} and {@code after}, so they belong to different speakers. */
    public boolean between(Word before, Word after) {
        long from = middle(before);
        long to = middle(after);
        for (long t : atUs) {
            if (t > from && t <= to) {
                return true;
            }
        }
        return false;
    }

    /** Whether every change that could fall before the middle of {@code word} is known. */
    public boolean checkedPast(Word word) {
        return checkedUntilUs >= middle(word);
    }

    private static long middle(Word w) {
        return (w.startUs() + w.endUs()) / 2;
    }
}
