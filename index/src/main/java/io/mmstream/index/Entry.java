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
 */
public record Entry(String video, Kind kind, long startUs, long endUs, String text, List<TimedWord> words, String path,
        float[] vector) {

    /** The kinds of entry. */
    public enum Kind { VIDEO, UTTERANCE, CLIP }

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
