package io.mmstream.asr;

import java.util.List;

/**
 * What the recogniser heard between two endpoints: a final result, or a partial one a later result replaces.
 *
 * @param startUs media time of the first word (for a partial without words, of the utterance's first audio)
 * @param endUs media time of the last word (for a partial, of the audio heard so far)
 * @param text the words joined by spaces
 * @param words the words with their times; empty for a partial when the recogniser gives none
 * @param isFinal true at an endpoint, false for a partial
 * @param speakerChanges where the speaker changed among the words ({@link SpeakerChanges#NONE} when nothing looked)
 */
public record Utterance(long startUs, long endUs, String text, List<Word> words, boolean isFinal, SpeakerChanges speakerChanges) {

    public Utterance {
        words = List.copyOf(words);
    }

    /** An utterance nothing looked for speaker changes in. */
    public Utterance(long startUs, long endUs, String text, List<Word> words, boolean isFinal) {
        this(startUs, endUs, text, words, isFinal, SpeakerChanges.NONE);
    }

    /** The same utterance with {@code changes}. */
    public Utterance withSpeakerChanges(SpeakerChanges changes) {
        return new Utterance(startUs, endUs, text, words, isFinal, changes);
    }
}
