package io.mmstream.streams.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** What the reliability suite injected, what it checked and what was lost, as a Markdown report. */
final class FaultReport {

    private final List<String> faults = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final List<String> videos = new ArrayList<>();
    private long checked;
    private int lost;

    /** A fault injected, and how the system came back from it. */
    void injected(String fault, String recovery) {
        faults.add("| " + fault + " | " + recovery + " |");
    }

    /** Something worth knowing that is not a fault. */
    void note(String note) {
        notes.add("- " + note);
    }

    /** One video's audit: its record counts, its word error rate and its problems (none when all is well). */
    void checked(String video, Map<String, Integer> counts, double wer, List<String> problems) {
        long records = counts.values().stream().mapToLong(Integer::longValue).sum();
        checked += records;
        lost += problems.size();
        videos.add("| " + video + " | " + counts.values().stream().map(String::valueOf).reduce((a, b) -> a + " | " + b).orElse("")
                + " | " + String.format(Locale.ROOT, "%.3f", wer) + " | " + (problems.isEmpty() ? "exactly once" : String.join("; ", problems)) + " |");
    }

    static String seconds(double s) {
        return String.format(Locale.ROOT, "%.1f s", s);
    }

    void write(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, toString(), StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        s.append("| fault injected | recovery |\n|---|---|\n");
        faults.forEach(f -> s.append(f).append('\n'));
        s.append("\n| video | frames | clips | visual words | utterances | cues | index entries | WER | audit |\n")
                .append("|---|---|---|---|---|---|---|---|---|\n");
        videos.forEach(v -> s.append(v).append('\n'));
        s.append(String.format(Locale.ROOT, "%nRecords checked: %d. Records lost or repeated: %d.%n", checked, lost));
        notes.forEach(n -> s.append(n).append('\n'));
        return s.toString();
    }
}
