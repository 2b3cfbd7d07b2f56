package io.mmstream.index.library;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a library's indexing has finished: for each file, the content id it was indexed as, and the
 * size and modification time it had then, so the next run skips it unless it changed. Kept as a
 * journal (one line per file finished or removed, appended and flushed at once), so a run stopped by
 * Ctrl-C or a crash keeps everything it finished, and a line torn by a crash is ignored.
 */
public final class LibraryCatalog implements AutoCloseable {

    /** A file as indexed. */
    public record Indexed(Path path, String video, long size, long modifiedMs) {

        /** Whether {@code file} still is what was indexed (same size, same modification time). */
        public boolean unchanged(LibraryFile file) {
            return file.size() == size && file.modifiedMs() == modifiedMs;
        }
    }

    private final Path journal;
    private final Map<Path, Indexed> files = new HashMap<>();
    private final java.util.Set<Path> roots = new java.util.LinkedHashSet<>();
    private final BufferedWriter out;

    private LibraryCatalog(Path journal) throws IOException {
        this.journal = journal;
        if (Files.exists(journal)) {
            for (String line : Files.readAllLines(journal, StandardCharsets.UTF_8)) {
                read(line);
            }
        }
        Files.createDirectories(journal.getParent());
        // rewritten compacted at each open, then appended to
        Path tmp = journal.resolveSibling(journal.getFileName() + ".tmp");
        try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            for (Path root : roots) {
                w.write(rootLine(root));
            }
            for (Indexed i : files.values()) {
                w.write(line("indexed", i));
            }
        }
        Files.move(tmp, journal, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        out = Files.newBufferedWriter(journal, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }

    /** The catalog kept in {@code folder}. */
    public static LibraryCatalog open(Path folder) {
        try {
            return new LibraryCatalog(folder.resolve("catalog.tsv"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the library catalog in " + folder, e);
        }
    }

    private void read(String line) {
        if (line.startsWith("root\t")) {
            roots.add(Path.of(line.substring(5)));
            return;
        }
        String[] f = line.split("\t", 5);
        if (f.length < 5) {
            return; // torn by a crash
        }
        try {
            Path path = Path.of(f[4]);
            if (f[0].equals("indexed")) {
                files.put(path, new Indexed(path, f[1], Long.parseLong(f[2]), Long.parseLong(f[3])));
            } else if (f[0].equals("removed")) {
                files.remove(path);
            }
        } catch (RuntimeException torn) {
            // a line cut short: the file is indexed again
        }
    }

    private static String rootLine(Path root) {
        return "root\t" + root + "\n";
    }

    /** Records the folders (or files) the library is indexed from: only files under them are ever served. */
    public synchronized void addRoots(List<Path> given) {
        for (Path p : given) {
            Path root = p.toAbsolutePath().normalize();
            if (roots.add(root)) {
                append(rootLine(root));
            }
        }
    }

    /** The library's roots as the catalog in {@code folder} records them, read without opening it for writing. */
    public static List<Path> readRoots(Path folder) {
        Path journal = folder.resolve("catalog.tsv");
        if (!Files.exists(journal)) {
            return List.of();
        }
        try {
            return Files.readAllLines(journal, StandardCharsets.UTF_8).stream().filter(l -> l.startsWith("root\t"))
                    .map(l -> Path.of(l.substring(5))).distinct().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the library catalog " + journal, e);
        }
    }

    private static String line(String what, Indexed i) {
        return what + "\t" + i.video() + "\t" + i.size() + "\t" + i.modifiedMs() + "\t" + i.path() + "\n";
    }

    /** What was indexed from {@code path}, if anything. */
    public synchronized Optional<Indexed> get(Path path) {
        return Optional.ofNullable(files.get(path));
    }

    /** Every file indexed. */
    public synchronized List<Indexed> all() {
        return List.copyOf(files.values());
    }

    /** Whether some file other than {@code except} was indexed as {@code video}. */
    public synchronized boolean usedElsewhere(String video, Path except) {
        return files.values().stream().anyMatch(i -> i.video().equals(video) && !i.path().equals(except));
    }

    /** Records that {@code file} was indexed whole as {@code video}. */
    public synchronized void indexed(LibraryFile file, String video) {
        Indexed i = new Indexed(file.path(), video, file.size(), file.modifiedMs());
        files.put(file.path(), i);
        append(line("indexed", i));
    }

    /** Records that {@code path} left the library (deleted, or changed into another video). */
    public synchronized void removed(Path path) {
        Indexed i = files.remove(path);
        if (i != null) {
            append(line("removed", i));
        }
    }

    private void append(String line) {
        try {
            out.write(line);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the library catalog " + journal, e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
