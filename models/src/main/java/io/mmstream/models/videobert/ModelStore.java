package io.mmstream.models.videobert;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;

/**
 * The VideoBERT runs and trained versions under a folder ({@code <data-dir>/models/videobert}):
 * one folder per run ({@link PretrainingRun}), named by its version, and a {@code CURRENT} file
 * naming the version inference uses.
 */
public final class ModelStore {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    /** A run as listed: its version, folder and state. */
    public record Version(String version, Path folder, String state, int step, int steps, String size, String lastLoss) {

        public boolean done() {
            return state.equals("done");
        }
    }

    private final Path folder;
    private final String architecture;

    /** The VideoBERT runs under {@code folder}. */
    public ModelStore(Path folder) {
        this(folder, "videobert");
    }

    /** The runs of {@code architecture} under {@code folder}. */
    public ModelStore(Path folder, String architecture) {
        this.folder = folder;
        this.architecture = architecture;
    }

    /**
     * A fresh version name for a run of {@code size} (or null when the architecture has one size) with
     * {@code seed}: {@code videobert-tiny-20261127-125901-s42}, {@code clip-20261129-031500-s42}.
     */
    public String newVersion(String size, long seed) {
        return architecture + (size == null ? "" : "-" + size) + "-" + LocalDateTime.now().format(STAMP) + "-s" + seed;
    }

    /** The folder of {@code version}'s run. */
    public Path runFolder(String version) {
        return folder.resolve(version);
    }

    /** Every run, oldest first. */
    public List<Version> versions() throws IOException {
        List<Version> out = new ArrayList<>();
        if (!Files.isDirectory(folder)) {
            return out;
        }
        try (var runs = Files.list(folder)) {
            for (Path run : runs.filter(Files::isDirectory).sorted(Comparator.comparing(p -> p.getFileName().toString())).toList()) {
                Properties p = PretrainingRun.describe(run);
                if (p == null) {
                    continue;
                }
                out.add(new Version(run.getFileName().toString(), run, p.getProperty("state", "?"),
                        Integer.parseInt(p.getProperty("step", "0")), Integer.parseInt(p.getProperty("steps", "0")),
                        p.getProperty("size", "?"), lastLoss(run)));
            }
        }
        return out;
    }

    private static String lastLoss(Path run) {
        try {
            List<String> lines = Files.readAllLines(run.resolve("loss.tsv"));
            if (lines.size() < 2) {
                return "";
            }
            // the columns after the step are the parts of the loss
            String[] last = lines.get(lines.size() - 1).split("\t");
            float total = 0;
            for (int i = 1; i < last.length; i++) {
                total += Float.parseFloat(last[i]);
            }
            return String.format(java.util.Locale.ROOT, "%.3f", total);
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    /** The latest run that is not done, or null. */
    public Version unfinished() throws IOException {
        List<Version> all = versions();
        for (int i = all.size() - 1; i >= 0; i--) {
            if (!all.get(i).done()) {
                return all.get(i);
            }
        }
        return null;
    }

    /** The version inference uses, or null before any run finished. */
    public String current() throws IOException {
        Path file = folder.resolve("CURRENT");
        return Files.exists(file) ? Files.readString(file).strip() : null;
    }

    /** The trained model folder of {@code version}. */
    public Path modelFolder(String version) {
        return runFolder(version).resolve("model");
    }

    /** The folder of the runs and of {@code CURRENT}. */
    public Path folder() {
        return folder;
    }

    /** Makes the finished {@code version} the one inference uses. */
    public void makeCurrent(String version) throws IOException {
        if (!Files.isDirectory(modelFolder(version))) {
            throw new IOException(version + " has no trained model yet");
        }
        Path tmp = Files.createTempFile(folder, "CURRENT", ".tmp");
        Files.writeString(tmp, version + "\n");
        Files.move(tmp, folder.resolve("CURRENT"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
