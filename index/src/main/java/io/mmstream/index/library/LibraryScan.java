package io.mmstream.index.library;

import io.mmstream.ingest.MediaSniffer;
import java.io.IOException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Walks a library's folders and compares what it finds with the {@link LibraryCatalog}: the media
 * files to index (new or changed), the ones indexed as they are, the ones that left, and the files
 * named like media that are not. Hidden files and folders are skipped; symbolic links are followed
 * (once: a loop is not walked twice).
 */
public final class LibraryScan {

    /**
     * What a scan found.
     *
     * @param toIndex new or changed media files
     * @param unchanged media files indexed as they are
     * @param gone indexed files no longer there (or changed into something that is not media)
     * @param notMedia files named like media whose bytes are not, with the reason
     */
    public record Result(List<LibraryFile> toIndex, List<LibraryFile> unchanged, List<LibraryCatalog.Indexed> gone,
            List<String> notMedia) {}

    private LibraryScan() {}

    /** Scans {@code roots} (folders or single files) against {@code catalog}. */
    public static Result scan(List<Path> roots, LibraryCatalog catalog) throws IOException {
        List<LibraryFile> toIndex = new ArrayList<>();
        List<LibraryFile> unchanged = new ArrayList<>();
        List<String> notMedia = new ArrayList<>();
        Set<Path> seen = new HashSet<>();
        List<Path> normalised = roots.stream().map(p -> p.toAbsolutePath().normalize()).toList();
        for (Path root : normalised) {
            Files.walkFileTree(root, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    return !dir.equals(root) && hidden(dir) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    if (!attrs.isRegularFile() || hidden(file) || !seen.add(file)) {
                        return FileVisitResult.CONTINUE;
                    }
                    LibraryFile found = new LibraryFile(file, attrs.size(), attrs.lastModifiedTime().toMillis());
                    MediaSniffer.Verdict verdict;
                    try {
                        verdict = MediaSniffer.sniff(file);
                    } catch (IOException e) {
                        notMedia.add(file + ": cannot read: " + e.getMessage());
                        return FileVisitResult.CONTINUE;
                    }
                    if (verdict == MediaSniffer.Verdict.MEDIA) {
                        boolean same = catalog.get(file).map(i -> i.unchanged(found)).orElse(false);
                        (same ? unchanged : toIndex).add(found);
                    } else if (verdict == MediaSniffer.Verdict.NAMED_LIKE_MEDIA) {
                        notMedia.add(file + ": " + (attrs.size() == 0 ? "empty file" : "not a media file (its bytes are no audio or video format)"));
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    if (!file.equals(root)) {
                        notMedia.add(file + ": cannot read: " + e.getMessage());
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        }
        List<LibraryCatalog.Indexed> gone = new ArrayList<>();
        for (LibraryCatalog.Indexed i : catalog.all()) {
            boolean underRoots = normalised.stream().anyMatch(r -> i.path().startsWith(r));
            boolean stillMedia = toIndex.stream().anyMatch(f -> f.path().equals(i.path()))
                    || unchanged.stream().anyMatch(f -> f.path().equals(i.path()));
            if (underRoots && !stillMedia) {
                gone.add(i);
            }
        }
        toIndex.sort(java.util.Comparator.comparing(LibraryFile::path));
        return new Result(toIndex, unchanged, gone, notMedia);
    }

    private static boolean hidden(Path p) {
        Path name = p.getFileName();
        return name != null && name.toString().startsWith(".");
    }
}
