package io.mmstream.index;

import java.util.Locale;

/**
 * What to look for: words (found by their letters, their meaning, or both), and/or a picture's
 * features; optionally within one video.
 *
 * @param text the words, or null when searching by picture alone
 * @param picture the features of a picture (a unit vector from the clip feature extractor), or null
 * @param video only this video, or null for all
 * @param top how many moments at most
 * @param ranking how words are matched
 */
public record SearchRequest(String text, float[] picture, String video, int top, Ranking ranking) {

    /** The longest query taken: a paragraph, not a document. */
    public static final int MAX_TEXT = 500;
    public static final int MAX_TOP = 100;

    /** How words are matched. */
    public enum Ranking {
        /** BM25 over the words said, phrases first. */
        KEYWORD,
        /** Nearest sentence vectors: other words for the same meaning. */
        MEANING,
        /** The clips nearest the words in a trained text-video space (CLIP's): what was shown, not said. */
        SHOWN,
        /** Words, meaning and (once a CLIP model is trained) what was shown, fused by reciprocal rank. */
        FUSED;

        public static Ranking parse(String name) {
            try {
                return valueOf(name.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown ranking '" + name + "' (expected keyword, meaning, shown or fused)");
            }
        }
    }

    /** A request checked for what a user can get wrong; throws {@link IllegalArgumentException} saying what. */
    public SearchRequest {
        if (text != null) {
            text = text.strip();
            if (text.isEmpty()) {
                text = null;
            } else if (text.length() > MAX_TEXT) {
                throw new IllegalArgumentException("the query is " + text.length() + " characters long; at most " + MAX_TEXT);
            } else if (text.chars().anyMatch(c -> Character.isISOControl(c) && !Character.isWhitespace(c))) {
                throw new IllegalArgumentException("the query holds control characters");
            }
        }
        if (text == null && picture == null) {
            throw new IllegalArgumentException("give words to look for, or a picture");
        }
        if (top < 1 || top > MAX_TOP) {
            throw new IllegalArgumentException("top must be between 1 and " + MAX_TOP + ", not " + top);
        }
        if (ranking == null) {
            ranking = Ranking.FUSED;
        }
    }
}
