package io.mmstream.streams.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mmstream.index.Entry;
import io.mmstream.index.MomentIndex;
import io.mmstream.ingest.Fixtures;
import io.mmstream.streams.search.IndexFolders;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * {@code index} as a library tool over time: killed with SIGKILL in the middle of a library and run
 * again, it ends with every file indexed exactly once; with {@code --watch} it picks up new and
 * deleted files within seconds.
 * The tests run at the same time (the class still runs alone), each with a broker of its own.
 */
class LibraryIT {

    @TempDir
    Path work;

    /** Six videos of the same speech over different pictures: six contents, six videos. */
    private Path library(String name, int videos) throws Exception {
        Path library = Files.createDirectories(work.resolve(name));
        String[] pictures = {"testsrc", "smptebars", "rgbtestsrc", "color=c=red", "color=c=blue", "color=c=green"};
        for (int i = 0; i < videos; i++) {
            make(library.resolve("talk-" + i + ".mp4"), pictures[i % pictures.length]);
        }
        return library;
    }

    private static void make(Path file, String picture) throws Exception {
        Process p = new ProcessBuilder("ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i",
                picture + (picture.contains("=") ? ":" : "=") + "size=160x90:rate=10", "-i", Fixtures.sample("dashwood.mp4").toString(),
                "-map", "0:v", "-map", "1:a", "-t", "12", "-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac", file.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), out);
    }

    private Map<String, Entry> indexedVideos(Path data) throws Exception {
        try (IndexFolders index = IndexFolders.open(data)) {
            return MomentIndex.videos(List.copyOf(index.readers()));
        }
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void killedMidLibraryAndRunAgainItIndexesEveryFileExactlyOnce() throws Exception {
        Path library = library("library", 6);
        Path data = work.resolve("data");
        Path catalog = data.resolve("library").resolve("catalog.tsv");
        CliProcess first = CliProcess.start(work.resolve("logs"), "index", "--data-dir", data.toString(), "index", "--jobs", "2",
                library.toString());
        long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
        while (!Files.exists(catalog) || Files.readAllLines(catalog).stream().noneMatch(l -> l.startsWith("indexed"))) {
            assertTrue(System.nanoTime() < deadline && first.isAlive(), "no file finished:\n" + first.err());
            Thread.sleep(100);
        }
        ProcessHandle.of(first.pid()).orElseThrow().destroyForcibly();
        first.await(Duration.ofSeconds(30));
        long done = Files.readAllLines(catalog).stream().filter(l -> l.startsWith("indexed")).count();
        assertTrue(done < 6, "killed in the middle: " + done + " of 6 finished");

        CliRun again = CliRun.of("--data-dir", data.toString(), "index", library.toString());
        assertEquals(0, again.exitCode(), again.err());
        assertTrue(again.out().contains((6 - done) + " files indexed, " + done + " unchanged"), "finished files are not redone: " + again.out());
        Map<String, Entry> videos = indexedVideos(data);
        assertEquals(6, videos.size(), "every file once: " + videos.keySet());
        try (IndexFolders index = IndexFolders.open(data)) {
            for (String video : videos.keySet()) {
                List<Entry> said = MomentIndex.entriesOf(List.copyOf(index.readers()), video, Entry.Kind.UTTERANCE);
                assertEquals(said.size(), said.stream().map(Entry::startUs).distinct().count(), "no utterance twice in " + video);
                assertTrue(said.size() >= 2, video + " holds its utterances: " + said.size());
            }
        }
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void watchPicksUpNewAndDeletedFilesWithinSeconds() throws Exception {
        Path library = library("watched", 1);
        Path data = work.resolve("data");
        CliProcess watch = CliProcess.start(work.resolve("logs"), "watch", "--data-dir", data.toString(), "index", "--watch",
                "--interval", "1", library.toString());
        try {
            awaitVideos(data, 1, watch);
            Path added = work.resolve("added.mp4");
            make(added, "smptebars");
            Files.move(added, library.resolve("added.mp4"));
            long addedAt = System.nanoTime();
            awaitVideos(data, 2, watch);
            double seconds = (System.nanoTime() - addedAt) / 1e9;
            assertTrue(seconds < 60, "a new file was searchable after " + seconds + " s");
            Files.delete(library.resolve("talk-0.mp4"));
            awaitVideos(data, 1, watch);
            var left = indexedVideos(data).values();
            assertEquals(1, left.size(), left.toString());
            assertTrue(left.iterator().next().path().endsWith("added.mp4"), left.toString());
        } finally {
            watch.stop(Duration.ofSeconds(60));
        }
        assertTrue(watch.err().contains("interrupted") || !watch.err().contains("\tat "), watch.err());
    }

    private void awaitVideos(Path data, int count, CliProcess watch) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (indexedVideos(data).size() != count) {
            assertTrue(System.nanoTime() < deadline && watch.isAlive(), "never " + count + " videos:\n" + watch.out() + watch.err());
            Thread.sleep(250);
        }
    }
}
