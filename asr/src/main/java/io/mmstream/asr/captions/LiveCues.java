package io.mmstream.asr.captions;

import io.mmstream.asr.SpeakerChanges;
import io.mmstream.asr.Utterance;
import io.mmstream.asr.Word;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Cuts the cues of one live stream as its words settle, so a long utterance's first cues do not wait
 * for the recogniser to end it.
 *
 * <p>While an utterance runs, its partial results come one after another. A word has settled when two
 * successive partials agree on it and on every word before it (the local-agreement rule of streaming
 * recognisers). When the running words fill a cue ({@link CueSegmenter}: two lines of 42 characters,
 * 7 s, or a pause) and the cue's words have settled, the cue is final and leaves at once; the partial
 * cue then shows only the words after it. The utterance's final result settles the rest.
 *
 * <p>No cue spans a speaker change ({@link io.mmstream.asr.SpeakerChanges}): a full cue also waits until
 * the speaker-change detector has looked past its last word, so a change found later cannot fall inside it.
 *
 * <p>Should the final result change words already sent, the corrected cue is sent again, final, with
 * the same start: a consumer replaces the cue it has with that start (append-only outputs such as
 * WebVTT files keep the first version). A cue the recogniser withdrew entirely comes back empty.
 *
 * <p>One instance per stream, fed in order from one thread.
 */
public final class LiveCues {

    private final CueSegmenter segmenter;
    /** The words of the previous partial of the running utterance. */
    private List<Word> previous = List.of();
    /** The cues of the running utterance already sent as final. */
    private final List<Sent> sent = new ArrayList<>();

    /**
     * A cue sent early, where its words end (its end may be stretched past them), and whether its text
     * opened or closed a sentence (a correction keeps both).
     */
    private record Sent(Cue cue, long wordsEndUs, boolean opens, boolean closes) {}

    /** Cues within the conventional limits of {@link CueSegmenter#CueSegmenter()}. */
    public LiveCues() {
        this(new CueSegmenter());
    }

    public LiveCues(CueSegmenter segmenter) {
        this.segmenter = segmenter;
    }

    /**
     * The cues to send now that {@code heard} came, in order: for a partial, the cues that settled and
     * then the partial cue of the words after them; for a final, the corrections of cues already sent,
     * then the cues of the rest.
     */
    public List<Cue> next(Utterance heard) {
        List<Word> words = heard.words();
        if (!sent.isEmpty() && !words.isEmpty() && words.get(0).endUs() <= sent.get(0).cue().startUs()) {
            forget(); // the utterance's first word ends before the first cue sent began: the stream started over
        }
        return heard.isFinal() ? settle(heard) : partial(heard);
    }

    private List<Cue> partial(Utterance heard) {
        List<Word> words = heard.words();
        if (words.isEmpty()) {
            // a recogniser that gives no word times: nothing can settle before the final result
            return sent.isEmpty() ? List.of(segmenter.partial(heard)) : List.of();
        }
        int agreed = commonPrefix(previous, words);
        previous = words;
        SpeakerChanges changes = heard.speakerChanges();
        SortedSet<Integer> turns = changes.turns(words, false);
        List<Cue> out = new ArrayList<>();
        int from = firstUnsent(words);
        List<List<Word>> groups = segmenter.groups(words.subList(from, words.size()), shifted(turns, from));
        for (int g = 0; g + 1 < groups.size(); g++) {
            // the group is complete (the next word did not fit, or another speaker said it); it leaves once
            // all its words agree and no speaker change can still be found among them
            List<Word> group = groups.get(g);
            Word last = CueSegmenter.last(group);
            if (from + group.size() > agreed || !changes.checkedPast(last)) {
                break;
            }
            boolean opens = from == 0 || turns.contains(from);
            boolean closes = turns.contains(from + group.size());
            Cue cue = segmenter.cue(group, groups.get(g + 1).get(0).startUs(), true, opens, closes);
            sent.add(new Sent(cue, last.endUs(), opens, closes));
            out.add(cue);
            from += group.size();
        }
        if (from < words.size()) {
            List<Word> rest = words.subList(from, words.size());
            out.add(segmenter.partial(new Utterance(rest.get(0).startUs(), Math.max(heard.endUs(), rest.get(0).startUs()),
                    String.join(" ", CueSegmenter.texts(rest)), rest, false)));
        }
        return out;
    }

    private List<Cue> settle(Utterance heard) {
        if (sent.isEmpty()) {
            previous = List.of();
            return segmenter.cues(heard);
        }
        List<Word> words = heard.words();
        int from = firstUnsent(words);
        List<Cue> out = new ArrayList<>();
        for (int i = 0; i < sent.size(); i++) {
            Cue was = sent.get(i).cue();
            // each word of the final result belongs to the sent cue nearest it: the boundaries lie halfway between cues
            long lo = i == 0 ? Long.MIN_VALUE : (sent.get(i - 1).wordsEndUs() + was.startUs()) / 2;
            long hi = i + 1 < sent.size() ? (sent.get(i).wordsEndUs() + sent.get(i + 1).cue().startUs()) / 2 : Long.MAX_VALUE;
            List<Word> mine = new ArrayList<>();
            for (Word w : words.subList(0, from)) {
                long middle = (w.startUs() + w.endUs()) / 2;
                if (middle >= lo && middle < hi) {
                    mine.add(w);
                }
            }
            List<String> now = segmenter.lines(mine, sent.get(i).opens(), sent.get(i).closes());
            if (!String.join(" ", now).equals(was.text())) {
                long end = mine.isEmpty() ? was.endUs() : Math.max(was.endUs(), mine.get(mine.size() - 1).endUs());
                out.add(new Cue(was.startUs(), end, now, true));
            }
        }
        if (from < words.size()) {
            SortedSet<Integer> turns = heard.speakerChanges().turns(words, true);
            out.addAll(segmenter.cues(words.subList(from, words.size()), shifted(turns, from), true, from == 0 || turns.contains(from)));
        }
        forget();
        return out;
    }

    /** The index of the first word after those already sent: the first whose middle lies past the last sent word's end. */
    private int firstUnsent(List<Word> words) {
        if (sent.isEmpty()) {
            return 0;
        }
        long sentUntil = sent.get(sent.size() - 1).wordsEndUs();
        int i = 0;
        while (i < words.size() && (words.get(i).startUs() + words.get(i).endUs()) / 2 <= sentUntil) {
            i++;
        }
        return i;
    }

    /** {@code turns} counted from {@code from}: the turns among the words from there on. */
    private static SortedSet<Integer> shifted(SortedSet<Integer> turns, int from) {
        SortedSet<Integer> out = new TreeSet<>();
        for (int t : turns.tailSet(from)) {
            out.add(t - from);
        }
        return out;
    }

    private static int commonPrefix(List<Word> a, List<Word> b) {
        int n = 0;
        while (n < a.size() && n < b.size() && a.get(n).text().equals(b.get(n).text())) {
            n++;
        }
        return n;
    }

    private void forget() {
        previous = List.of();
        sent.clear();
    }
}
