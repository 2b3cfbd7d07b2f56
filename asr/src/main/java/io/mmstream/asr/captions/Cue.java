package io.mmstream.asr.captions;

import java.util.List;

/**
 * One caption cue: up to two short lines shown from {@code startUs} to {@code endUs}.
 *
 * @param startUs media time the cue appears, microseconds
 * @param endUs media time the cue disappears, microseconds
 * @param lines the text as it is displayed, one entry per line
 * @param isFinal false for a partial cue that a later cue replaces
 */
public record Cue(long startUs, long endUs, List<String> lines, boolean isFinal) {

    public Cue {
        lines = List.copyOf(lines);
        if (endUs < startUs) {
            throw new IllegalArgumentException("cue ends before it starts: " + startUs + " > " + endUs);
        }
    }

    /** The text on one line, as JSON consumers and search want it. */
    public String text() {
        return String.join(" ", lines);
    }

    /** The same cue ending at {@code newEndUs}. */
    public Cue withEnd(long newEndUs) {
        return new Cue(startUs, newEndUs, lines, isFinal);
    }
}
