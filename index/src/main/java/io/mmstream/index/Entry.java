package io.mmstream.index;

import java.util.List;

/**
 * One thing the index holds about a video: a spoken utterance (its words with their times, and the
 * vector of its meaning), a clip (the vector of what it shows), or the video itself (where it lives).
 *
 * @param video the video's id
 * @param kind what the entry is
 * @param startUs where it starts in the video (0 for the video entry)
 * @param endUs where it ends (the duration for the video entry, or -1 when unknown)
 * @param text the words said (utterances), or empty
 * @param words the words with their times (utterances), or empty
 * @param path the file or URI the video was indexed from (video entries), or empty
 * @param vector the meaning (utterances) or look (clips) as a unit vector, or null
 * @param shared the clip in a text-video space (a trained dual encoder's), or null
 */
public record Entry(String video, Kind kind, long startUs, long endUs, String text, List<TimedWord> words, String path,
        float[] vector, Shared shared) {

    /**
     * A vector in the space of a text-video dual encoder, where a query's words and a clip can be compared.
     *
     * @param space the space's name (the model version that made it): vectors of different spaces never mix
     * @param vector the unit vector
     */
    public record Shared(String space, float[] vector) {}

    /** An entry without a shared-space vector. */
    public Entry(String video, Kind kind, long startUs, long endUs, String text, List<TimedWord> words, String path, float[] vector) {
        this(video, kind, startUs, endUs, text, words, path, vector, null);
    }

    /** This entry with {@code shared} as its shared-space vector. */
    public Entry withShared(Shared shared) {
        return new Entry(video, kind, startUs, endUs, text, words, path, vector, shared);
    }

    /**
     * The kinds of entry: a video, an utterance (words said), a clip (its look), or what a clip shows
     * (the objects a detector saw in it, as words timed to the clip).
     */
    public enum Kind { VIDEO, UTTERANCE, CLIP, SHOWN }

    /** A word and its times, in microseconds from the start of the video. */
    public record TimedWord(String text, long startUs, long endUs) {}

    public Entry {
        text = text == null ? "" : text;
        words = words == null ? List.of() : List.copyOf(words);
        path = path == null ? "" : path;
    }

    /** The entry's unique key: a new entry with the same key replaces the old one. */
    public String key() {
        return key(video, kind, startUs);
    }

    /** The key of the entry of {@code video} of {@code kind} starting at {@code startUs}. */
    public static String key(String video, Kind kind, long startUs) {
        return video + '\u0000' + kind.name().charAt(0) + '\u0000' + startUs;
    }

    /** The video entry: where the video lives and how long it is. */
    public static Entry video(String video, String path, long durationUs) {
        return new Entry(video, Kind.VIDEO, 0, durationUs, "", List.of(), path, null);
    }
}
