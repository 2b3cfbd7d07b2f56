package io.mmstream.streams.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A library made of copies of one recording that differ only in a metadata tag, so each is a video
 * of its own (content ids differ) while all say the same words.
 */
final class VideoCopies {

    private VideoCopies() {}

    /** Writes {@code n} copies of {@code source} into {@code folder} with ffmpeg (streams copied, not re-encoded). */
    static List<Path> of(Path source, Path folder, int n) throws IOException, InterruptedException {
        List<Path> copies = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            copies.add(copy(source, folder, i));
        }
        return copies;
    }

    /** Writes copy number {@code i} of {@code source} into {@code folder}. */
    static Path copy(Path source, Path folder, int i) throws IOException, InterruptedException {
        Files.createDirectories(folder);
        Path copy = folder.resolve("copy-" + i + ".mp4");
        Process p = new ProcessBuilder("ffmpeg", "-nostdin", "-loglevel", "error", "-y", "-i", source.toString(),
                "-c", "copy", "-metadata", "comment=copy " + i, copy.toString()).inheritIO().start();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("ffmpeg could not copy " + source + " to " + copy);
        }
        return copy;
    }
}
