package io.mmstream.streams.search;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.store.FSDirectory;

/**
 * The search index as the data dir holds it on disk: a Lucene folder per task, in the state slots of
 * the commands that ran (or run) the index. Opened read-only, the latest commit of each task (the
 * freshest copy where two slots hold one), so {@code search} answers while {@code index} runs in
 * another process, and after it has exited.
 */
public final class IndexFolders implements AutoCloseable {

    private final Map<String, DirectoryReader> readers;
    private final List<FSDirectory> directories;

    private IndexFolders(Map<String, DirectoryReader> readers, List<FSDirectory> directories) {
        this.readers = readers;
        this.directories = directories;
    }

    /** The readers, one per task found. */
    public List<DirectoryReader> readers() {
        return List.copyOf(readers.values());
    }

    /** The readers by task ({@code 0_2}). */
    public Map<String, DirectoryReader> byTask() {
        return readers;
    }

    /** Opens the freshest copy of each task's index under {@code dataDir}; none when the index never ran here. */
    public static IndexFolders open(Path dataDir) throws IOException {
        Map<String, Path> freshest = new HashMap<>();
        Map<String, FileTime> when = new HashMap<>();
        Path streams = dataDir.resolve("streams");
        if (Files.isDirectory(streams)) {
            try (DirectoryStream<Path> slots = Files.newDirectoryStream(streams, "slot-*")) {
                for (Path slot : slots) {
                    Path app = slot.resolve(IndexTopology.APPLICATION_ID);
                    if (!Files.isDirectory(app)) {
                        continue;
                    }
                    try (DirectoryStream<Path> tasks = Files.newDirectoryStream(app)) {
                        for (Path task : tasks) {
                            Path folder = task.resolve(IndexTopology.STORE);
                            FileTime committed = lastCommit(folder);
                            String name = task.getFileName().toString();
                            if (committed != null && (when.get(name) == null || committed.compareTo(when.get(name)) > 0)) {
                                freshest.put(name, folder);
                                when.put(name, committed);
                            }
                        }
                    }
                }
            }
        }
        Map<String, DirectoryReader> readers = new java.util.TreeMap<>();
        List<FSDirectory> directories = new ArrayList<>();
        for (Map.Entry<String, Path> task : freshest.entrySet()) {
            FSDirectory directory = FSDirectory.open(task.getValue());
            directories.add(directory);
            try {
                readers.put(task.getKey(), DirectoryReader.open(directory));
            } catch (IOException unreadable) {
                // a damaged copy: the index application rebuilds it when it next runs
            }
        }
        return new IndexFolders(readers, directories);
    }

    /** When the folder's last commit was written, or null when it holds none. */
    private static FileTime lastCommit(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return null;
        }
        FileTime latest = null;
        try (DirectoryStream<Path> commits = Files.newDirectoryStream(folder, "segments_*")) {
            for (Path c : commits) {
                FileTime t = Files.getLastModifiedTime(c);
                latest = latest == null || t.compareTo(latest) > 0 ? t : latest;
            }
        }
        return latest;
    }

    @Override
    public void close() throws IOException {
        for (DirectoryReader r : readers.values()) {
            r.close();
        }
        for (FSDirectory d : directories) {
            d.close();
        }
    }
}
