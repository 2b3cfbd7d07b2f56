package io.mmstream.asr.captions;

import java.util.ArrayList;
import java.util.List;

/**
 * The text of a final cue as a reader wants it: numbers as digits ({@link SpokenNumbers}), "I" upper
 * case, and, as no model for casing and punctuation is at hand, the recogniser's endpoints taken as
 * sentence ends: a cue that starts an utterance (or a new speaker's words) starts with a capital, one
 * that ends it ends with a full stop. The recognised words themselves (with their times) stay as they are.
 */
public final class CueText {

    private CueText() {}

    /**
     * The displayed words of a final cue made of {@code words}; {@code opens} when it starts a sentence,
     * {@code closes} when it ends one.
     */
    public static List<String> readable(List<String> words, boolean opens, boolean closes) {
        List<String> out = new ArrayList<>(SpokenNumbers.digits(words));
        for (int i = 0; i < out.size(); i++) {
            String w = out.get(i);
            if (w.equals("i") || w.startsWith("i'")) {
                out.set(i, "I" + w.substring(1));
            }
        }
        if (out.isEmpty()) {
            return out;
        }
        if (opens) {
            String first = out.get(0);
            out.set(0, first.substring(0, 1).toUpperCase(java.util.Locale.ROOT) + first.substring(1));
        }
        if (closes) {
            out.set(out.size() - 1, out.get(out.size() - 1) + ".");
        }
        return out;
    }
}
