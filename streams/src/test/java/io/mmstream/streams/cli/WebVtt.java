package io.mmstream.streams.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A strict reader of the WebVTT mmstream writes: checks the syntax and the subtitle limits as it parses. */
final class WebVtt {

    record Cue(double start, double end, List<String> lines) {
        String text() {
            return String.join(" ", lines);
        }
    }

    private static final Pattern TIMING =
            Pattern.compile("(\\d{2}):(\\d{2}):(\\d{2})\\.(\\d{3}) --> (\\d{2}):(\\d{2}):(\\d{2})\\.(\\d{3})");

    static List<Cue> parse(String vtt) {
        assertTrue(vtt.startsWith("WEBVTT\n\n"), "WebVTT header");
        List<Cue> cues = new ArrayList<>();
        String body = vtt.substring("WEBVTT\n\n".length());
        if (body.isEmpty()) {
            return cues;
        }
        assertTrue(body.endsWith("\n\n"), "every cue ends with a blank line");
        double previousEnd = 0;
        for (String block : body.substring(0, body.length() - 2).split("\n\n")) {
            String[] lines = block.split("\n");
            Matcher m = TIMING.matcher(lines[0]);
            assertTrue(m.matches(), "cue timing line: " + lines[0]);
            double start = seconds(m, 1);
            double end = seconds(m, 5);
            List<String> text = List.of(lines).subList(1, lines.length);
            assertTrue(end > start, "cue ends after it starts: " + block);
            assertTrue(start >= previousEnd - 1e-9, "cues do not overlap: " + block);
            assertTrue(end - start <= 7.0 + 1e-9, "at most 7 s: " + block);
            assertTrue(text.size() >= 1 && text.size() <= 2, "1 or 2 lines: " + block);
            text.forEach(l -> assertTrue(l.length() <= 42 || !l.contains(" "), "at most 42 characters: " + l));
            cues.add(new Cue(start, end, text));
            previousEnd = end;
        }
        assertEquals(cues.size(), body.split("\n\n").length);
        return cues;
    }

    private static double seconds(Matcher m, int group) {
        return Integer.parseInt(m.group(group)) * 3600 + Integer.parseInt(m.group(group + 1)) * 60
                + Integer.parseInt(m.group(group + 2)) + Integer.parseInt(m.group(group + 3)) / 1000.0;
    }
}
