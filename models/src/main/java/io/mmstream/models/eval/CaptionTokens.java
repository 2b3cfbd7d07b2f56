package io.mmstream.models.eval;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The caption metrics' shared tokenisation (lower case, runs of letters and digits, punctuation dropped as
 * coco-caption's PTB tokenizer does) and n-gram counting.
 */
public final class CaptionTokens {

    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+");

    private CaptionTokens() {}

    /** The words of a caption: "A man, riding a horse." gives [a, man, riding, a, horse]. */
    public static List<String> of(String caption) {
        Matcher m = WORD.matcher(caption.toLowerCase(Locale.ROOT));
        List<String> words = new java.util.ArrayList<>();
        while (m.find()) {
            words.add(m.group());
        }
        return words;
    }

    /** How often each n-gram of exactly {@code n} words occurs, keyed by its words joined with a space. */
    public static Map<String, Integer> ngrams(List<String> words, int n) {
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i + n <= words.size(); i++) {
            counts.merge(String.join(" ", words.subList(i, i + n)), 1, Integer::sum);
        }
        return counts;
    }
}
