package io.mmstream.asr.captions;

import io.mmstream.asr.Utterance;
import io.mmstream.asr.Word;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Cuts recognised utterances into subtitle cues that follow the usual conventions.
 *
 * <p>A cue holds at most two lines of at most 42 characters, lasts at most 7 s, and is cut at a pause
 * in speech and where the speaker changes; its times are the first word's start and the last word's end,
 * stretched to 1 s when the next cue leaves room (the BBC and Netflix subtitle guidelines use the same
 * numbers). A final cue's text is made readable by {@link CueText}; its words keep their times as heard.
 */
public final class CueSegmenter {

    private final int maxLineChars;
    private final int maxLines;
    private final long maxDurationUs;
    private final long minDurationUs;
    private final long pauseUs;

    /** The conventional limits: 2 lines x 42 characters, 1 to 7 s, a new cue after a 1 s pause. */
    public CueSegmenter() {
        this(42, 2, 7_000_000, 1_000_000, 1_000_000);
    }

    public CueSegmenter(int maxLineChars, int maxLines, long maxDurationUs, long minDurationUs, long pauseUs) {
        this.maxLineChars = maxLineChars;
        this.maxLines = maxLines;
        this.maxDurationUs = maxDurationUs;
        this.minDurationUs = minDurationUs;
        this.pauseUs = pauseUs;
    }

    /** The cues of one final utterance, in time order. */
    public List<Cue> cues(Utterance utterance) {
        List<Word> words = utterance.words();
        return cues(words, utterance.speakerChanges().turns(words, utterance.isFinal()), utterance.isFinal(), true);
    }

    /**
     * The cues of {@code words} (all of an utterance, or the rest after cues sent before), in time order:
     * a new speaker's words (at the indices {@code turns}) start a new cue; unless {@code opens}, the
     * first words continue a sentence whose first cues were sent before.
     */
    List<Cue> cues(List<Word> words, SortedSet<Integer> turns, boolean isFinal, boolean opens) {
        List<List<Word>> groups = groups(words, turns);
        List<Cue> cues = new ArrayList<>(groups.size());
        int at = 0;
        for (int i = 0; i < groups.size(); i++) {
            List<Word> group = groups.get(i);
            int next = at + group.size();
            boolean first = i == 0 ? opens : turns.contains(at);
            boolean closes = next == words.size() ? isFinal : turns.contains(next);
            cues.add(cue(group, next == words.size() ? Long.MAX_VALUE : words.get(next).startUs(), isFinal, first, closes));
            at = next;
        }
        return cues;
    }

    /** {@code words} in time order, grouped into the words of successive cues (no speaker change among them). */
    List<List<Word>> groups(List<Word> words) {
        return groups(words, new TreeSet<>());
    }

    /**
     * {@code words} in time order, grouped into the words of successive cues; a new speaker's words
     * (those at the indices {@code turns}) start a new cue.
     */
    List<List<Word>> groups(List<Word> words, SortedSet<Integer> turns) {
        List<List<Word>> groups = new ArrayList<>();
        List<Word> current = new ArrayList<>();
        for (int i = 0; i < words.size(); i++) {
            Word word = words.get(i);
            if (!current.isEmpty() && (turns.contains(i) || !fits(current, word))) {
                groups.add(current);
                current = new ArrayList<>();
            }
            current.add(word);
        }
        if (!current.isEmpty()) {
            groups.add(current);
        }
        return groups;
    }

    /**
     * The cue of one group of words: from its first word's start to its last word's end, stretched to
     * the minimum duration unless the next cue (starting at {@code nextStartUs}) comes sooner. A final
     * cue's text is {@link CueText#readable} ({@code opens}: it starts a sentence, {@code closes}: it ends one).
     */
    Cue cue(List<Word> group, long nextStartUs, boolean isFinal, boolean opens, boolean closes) {
        long start = group.get(0).startUs();
        long end = Math.max(last(group).endUs(), start);
        end = Math.max(end, Math.min(start + minDurationUs, nextStartUs));
        return new Cue(start, end, isFinal ? lines(group, opens, closes) : wrap(texts(group)), isFinal);
    }

    /** The lines of a final cue of {@code words}. */
    List<String> lines(List<Word> words, boolean opens, boolean closes) {
        return words.isEmpty() ? List.of() : wrap(CueText.readable(texts(words), opens, closes));
    }

    static Word last(List<Word> words) {
        return words.get(words.size() - 1);
    }

    /** A partial utterance as one cue of its last words that fit, for live display. */
    public Cue partial(Utterance utterance) {
        List<String> words = List.of(utterance.text().split("\\s+"));
        int from = words.size();
        while (from > 0 && wrap(words.subList(from - 1, words.size())).size() <= maxLines) {
            from--;
        }
        return new Cue(utterance.startUs(), Math.max(utterance.endUs(), utterance.startUs()),
                wrap(words.subList(from, words.size())), false);
    }

    private boolean fits(List<Word> current, Word next) {
        Word last = current.get(current.size() - 1);
        if (next.startUs() - last.endUs() >= pauseUs) {
            return false;
        }
        if (next.endUs() - current.get(0).startUs() > maxDurationUs) {
            return false;
        }
        List<String> texts = texts(current);
        texts.add(next.text());
        return wrap(texts).size() <= maxLines;
    }

    /**
     * Breaks words into lines of at most maxLineChars; two lines are balanced (the break that makes
     * the longer line shortest), as subtitle readers prefer. A longer result means "does not fit".
     */
    List<String> wrap(List<String> words) {
        String joined = String.join(" ", words);
        if (joined.length() <= maxLineChars || words.size() == 1) {
            return List.of(joined);
        }
        if (maxLines == 2) {
            int bestBreak = -1;
            int bestLongest = Integer.MAX_VALUE;
            for (int i = 1; i < words.size(); i++) {
                int first = String.join(" ", words.subList(0, i)).length();
                int second = String.join(" ", words.subList(i, words.size())).length();
                int longest = Math.max(first, second);
                if (longest <= maxLineChars && longest < bestLongest) {
                    bestLongest = longest;
                    bestBreak = i;
                }
            }
            if (bestBreak > 0) {
                return List.of(String.join(" ", words.subList(0, bestBreak)),
                        String.join(" ", words.subList(bestBreak, words.size())));
            }
        }
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : words) {
            if (line.length() > 0 && line.length() + 1 + word.length() > maxLineChars) {
                lines.add(line.toString());
                line.setLength(0);
            }
            if (line.length() > 0) {
                line.append(' ');
            }
            line.append(word);
        }
        lines.add(line.toString());
        return lines;
    }

    static List<String> texts(List<Word> words) {
        List<String> texts = new ArrayList<>(words.size());
        for (Word w : words) {
            texts.add(w.text());
        }
        return texts;
    }
}
