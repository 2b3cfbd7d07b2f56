package io.mmstream.asr.captions;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes the numbers in a list of recognised words as digits, as subtitle style guides ask: "twenty three"
 * becomes "23", "one hundred and five" "105", "twenty first" "21st", "nineteen eighty four" "1984".
 *
 * <p>The rules: a number of one word from zero to ten (or first to tenth) stays a word, as the BBC and
 * Netflix guidelines write small numbers, which also keeps "one" as a pronoun ("one of them", "no one")
 * and "second" as a unit of time; any other number becomes digits. Year pairs (a first half eleven to
 * twenty, then ten to ninety-nine or "oh" and a digit) are years: "twenty twenty" is 2020. A spoken
 * "two thousand and twenty" is 2020 as well, since the digits are the same for the year and the count;
 * numbers below 10,000 take no thousands separator (so years read as years), larger ones take commas.
 * Decimals ("three point five") and plurals ("hundreds") are left as words.
 */
public final class SpokenNumbers {

    private static final Map<String, Integer> UNITS = Map.of("zero", 0, "one", 1, "two", 2, "three", 3, "four", 4,
            "five", 5, "six", 6, "seven", 7, "eight", 8, "nine", 9);
    private static final Map<String, Integer> TEENS = Map.of("ten", 10, "eleven", 11, "twelve", 12, "thirteen", 13,
            "fourteen", 14, "fifteen", 15, "sixteen", 16, "seventeen", 17, "eighteen", 18, "nineteen", 19);
    private static final Map<String, Integer> TENS = Map.of("twenty", 20, "thirty", 30, "forty", 40, "fifty", 50,
            "sixty", 60, "seventy", 70, "eighty", 80, "ninety", 90);
    private static final Map<String, Long> SCALES = Map.of("thousand", 1_000L, "million", 1_000_000L, "billion", 1_000_000_000L);
    private static final Map<String, Integer> ORDINAL_UNITS = Map.of("first", 1, "second", 2, "third", 3, "fourth", 4,
            "fifth", 5, "sixth", 6, "seventh", 7, "eighth", 8, "ninth", 9);
    private static final Map<String, Integer> ORDINAL_TEENS = Map.of("tenth", 10, "eleventh", 11, "twelfth", 12,
            "thirteenth", 13, "fourteenth", 14, "fifteenth", 15, "sixteenth", 16, "seventeenth", 17, "eighteenth", 18,
            "nineteenth", 19);
    private static final Map<String, Integer> ORDINAL_TENS = Map.of("twentieth", 20, "thirtieth", 30, "fortieth", 40,
            "fiftieth", 50, "sixtieth", 60, "seventieth", 70, "eightieth", 80, "ninetieth", 90);
    private static final Map<String, Long> ORDINAL_SCALES = Map.of("hundredth", 100L, "thousandth", 1_000L, "millionth", 1_000_000L);

    /** Numbers of one word up to this stay words. */
    private static final int LARGEST_WORD = 10;

    private SpokenNumbers() {}

    /** A number read from words [from, end): its value and whether it was an ordinal. */
    record Parsed(long value, int end, boolean ordinal) {}

    private enum Kind { START, UNIT, TEEN, TENS, HUNDRED, SCALE, AND }

    /** {@code words} with every number they spell written as digits. */
    public static List<String> digits(List<String> words) {
        List<String> out = new ArrayList<>(words.size());
        int i = 0;
        while (i < words.size()) {
            Parsed p = year(words, i);
            if (p == null) {
                p = number(words, i);
            }
            if (p == null || (p.end() - i == 1 && p.value() <= LARGEST_WORD)) {
                out.add(words.get(i));
                i++;
            } else {
                out.add(format(p.value(), p.ordinal()));
                i = p.end();
            }
        }
        return out;
    }

    /** A year said in two halves at {@code i} ("nineteen eighty four", "twenty twenty", "nineteen oh five"), or null. */
    static Parsed year(List<String> words, int i) {
        Integer century = TEENS.get(word(words, i));
        if (century == null && "twenty".equals(word(words, i))) {
            century = 20;
        }
        if (century == null || century < 11) {
            return null;
        }
        if ("oh".equals(word(words, i + 1)) && UNITS.containsKey(word(words, i + 2)) && UNITS.get(word(words, i + 2)) > 0) {
            return new Parsed(century * 100L + UNITS.get(word(words, i + 2)), i + 3, false);
        }
        Parsed rest = number(words, i + 1);
        if (rest == null || rest.ordinal() || rest.value() < 10 || rest.value() > 99) {
            return null;
        }
        return new Parsed(century * 100L + rest.value(), rest.end(), false);
    }

    /** The cardinal or ordinal number spelled from {@code i} on, as long as the words go on making one, or null. */
    static Parsed number(List<String> words, int i) {
        long total = 0;
        long current = 0;
        long lastScale = Long.MAX_VALUE;
        Kind last = Kind.START;
        int j = i;
        while (j < words.size()) {
            String w = words.get(j);
            Integer unit = UNITS.get(w);
            Integer teen = TEENS.get(w);
            Integer tens = TENS.get(w);
            Long scale = SCALES.get(w);
            if (j == i && "a".equals(w) && (SCALES.containsKey(word(words, j + 1)) || "hundred".equals(word(words, j + 1)))) {
                current = 1;
                last = Kind.UNIT;
            } else if (unit != null || ORDINAL_UNITS.containsKey(w)) {
                if (last == Kind.UNIT || last == Kind.TEEN || (unit != null && unit == 0 && last != Kind.START)) {
                    break;
                }
                current += unit != null ? unit : ORDINAL_UNITS.get(w);
                last = Kind.UNIT;
                if (unit == null) {
                    return new Parsed(total + current, j + 1, true);
                }
            } else if (teen != null || ORDINAL_TEENS.containsKey(w)) {
                if (last == Kind.UNIT || last == Kind.TEEN || last == Kind.TENS) {
                    break;
                }
                current += teen != null ? teen : ORDINAL_TEENS.get(w);
                last = Kind.TEEN;
                if (teen == null) {
                    return new Parsed(total + current, j + 1, true);
                }
            } else if (tens != null || ORDINAL_TENS.containsKey(w)) {
                if (last == Kind.UNIT || last == Kind.TEEN || last == Kind.TENS) {
                    break;
                }
                current += tens != null ? tens : ORDINAL_TENS.get(w);
                last = Kind.TENS;
                if (tens == null) {
                    return new Parsed(total + current, j + 1, true);
                }
            } else if ("hundred".equals(w) || "hundredth".equals(w)) {
                if (!(last == Kind.UNIT || last == Kind.TEEN || last == Kind.TENS) || current == 0 || current >= 100) {
                    break;
                }
                current *= 100;
                last = Kind.HUNDRED;
                if ("hundredth".equals(w)) {
                    return new Parsed(total + current, j + 1, true);
                }
            } else if (scale != null || ORDINAL_SCALES.containsKey(w) && !"hundredth".equals(w)) {
                long s = scale != null ? scale : ORDINAL_SCALES.get(w);
                if (current == 0 || s >= lastScale || last == Kind.AND) {
                    break;
                }
                total += current * s;
                current = 0;
                lastScale = s;
                last = Kind.SCALE;
                if (scale == null) {
                    return new Parsed(total, j + 1, true);
                }
            } else if ("and".equals(w) && (last == Kind.HUNDRED || last == Kind.SCALE) && startsBelowHundred(word(words, j + 1))) {
                last = Kind.AND;
            } else {
                break;
            }
            j++;
        }
        if (j == i || last == Kind.START) {
            return null;
        }
        return new Parsed(total + current, j, false);
    }

    private static boolean startsBelowHundred(String w) {
        return w != null && (UNITS.containsKey(w) && UNITS.get(w) > 0 || TEENS.containsKey(w) || TENS.containsKey(w)
                || ORDINAL_UNITS.containsKey(w) || ORDINAL_TEENS.containsKey(w) || ORDINAL_TENS.containsKey(w));
    }

    /** Digits, with thousands separators from 10,000 on, and the English ordinal suffix. */
    static String format(long value, boolean ordinal) {
        String digits = value < 10_000 ? Long.toString(value) : String.format(Locale.ROOT, "%,d", value);
        if (!ordinal) {
            return digits;
        }
        long lastTwo = value % 100;
        String suffix = lastTwo >= 11 && lastTwo <= 13 ? "th" : switch ((int) (value % 10)) {
            case 1 -> "st";
            case 2 -> "nd";
            case 3 -> "rd";
            default -> "th";
        };
        return digits + suffix;
    }

    private static String word(List<String> words, int i) {
        return i < words.size() ? words.get(i) : null;
    }
}
