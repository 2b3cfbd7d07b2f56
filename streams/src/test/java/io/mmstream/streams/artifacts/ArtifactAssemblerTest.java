package io.mmstream.streams.artifacts;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files cut into chunks come back whole and verified, or not at all. */
class ArtifactAssemblerTest {

    @TempDir
    Path work;

    /** One record of mm.artifacts. */
    private record Rec(String key, byte[] value) {}

    private final ArtifactChunker chunker = new ArtifactChunker(1000);

    private List<Rec> publish(Path file, String path) throws Exception {
        List<Rec> records = new ArrayList<>();
        ArtifactManifest manifest = chunker.cut(file, path, (i, chunk) -> records.add(new Rec(ArtifactKeys.chunk(path, i), chunk)));
        records.add(new Rec(path, manifest.encode()));
        return records;
    }

    private static ArtifactAssembler.Result replay(ArtifactAssembler assembler, List<Rec> records) {
        ArtifactAssembler.Result last = null;
        for (Rec r : records) {
            ArtifactAssembler.Result result = assembler.accept(r.key(), r.value());
            if (result != null) {
                last = result;
            }
        }
        return last;
    }

    private Path randomFile(String name, int size, long seed) throws Exception {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        Path file = work.resolve("a").resolve(name);
        Files.createDirectories(file.getParent());
        return Files.write(file, bytes);
    }

    @Test
    void aFileComesBackWholeThenIsSkippedWhenIdentical() throws Exception {
        Path source = randomFile("cb-1.mmcb", 3500, 1);
        List<Rec> records = publish(source, "codebooks/cb-1.mmcb");
        assertEquals(5, records.size(), "4 chunks of at most 1000 bytes, then the manifest");
        assertTrue(records.subList(0, 4).stream().allMatch(r -> r.value().length <= 1000));

        Path b = work.resolve("b");
        ArtifactAssembler assembler = new ArtifactAssembler(b);
        ArtifactAssembler.Result result = replay(assembler, records);
        assertEquals(ArtifactAssembler.Outcome.WRITTEN, result.outcome(), String.valueOf(result.reason()));
        assertArrayEquals(Files.readAllBytes(source), Files.readAllBytes(b.resolve("codebooks/cb-1.mmcb")));
        assertEquals(0, assembler.pendingBytes(), "nothing held after the manifest");
        assertEquals(List.of("cb-1.mmcb"), names(b.resolve("codebooks")), "no temporary file left");

        long modified = Files.getLastModifiedTime(b.resolve("codebooks/cb-1.mmcb")).toMillis();
        assertEquals(ArtifactAssembler.Outcome.IDENTICAL, replay(new ArtifactAssembler(b), records).outcome());
        assertEquals(modified, Files.getLastModifiedTime(b.resolve("codebooks/cb-1.mmcb")).toMillis(), "not rewritten");
    }

    @Test
    void aPointerFileIsReplacedByItsNewerVersion() throws Exception {
        Path current = work.resolve("a/CURRENT");
        Files.createDirectories(current.getParent());
        Path b = work.resolve("b");
        ArtifactAssembler assembler = new ArtifactAssembler(b);
        Files.writeString(current, "cb-1\n");
        List<Rec> first = publish(current, "codebooks/CURRENT");
        Files.writeString(current, "cb-2\n");
        List<Rec> second = publish(current, "codebooks/CURRENT");
        replay(assembler, first);
        assertEquals("cb-1\n", Files.readString(b.resolve("codebooks/CURRENT")));
        assertEquals(ArtifactAssembler.Outcome.WRITTEN, replay(assembler, second).outcome());
        assertEquals("cb-2\n", Files.readString(b.resolve("codebooks/CURRENT")));
    }

    @Test
    void aCatchUpWritesOnlyTheLastVersionOfEachPointerAfterTheBigFiles() throws Exception {
        Path current = work.resolve("a/CURRENT");
        Files.createDirectories(current.getParent());
        List<Rec> topic = new ArrayList<>();
        topic.addAll(publish(randomFile("v1.params", 2500, 5), "models/videobert/v1/model/v.params"));
        Files.writeString(current, "v1\n");
        topic.addAll(publish(current, "models/videobert/CURRENT"));
        topic.addAll(publish(randomFile("v2.params", 2500, 6), "models/videobert/v2/model/v.params"));
        Files.writeString(current, "v2\n");
        topic.addAll(publish(current, "models/videobert/CURRENT"));

        Path b = work.resolve("b");
        Files.createDirectories(b.resolve("models/videobert"));
        Files.writeString(b.resolve("models/videobert/CURRENT"), "v2\n");
        ArtifactAssembler assembler = new ArtifactAssembler(b);
        assembler.holdSmallFiles();
        List<ArtifactAssembler.Outcome> outcomes = new ArrayList<>();
        for (Rec r : topic) {
            ArtifactAssembler.Result result = assembler.accept(r.key(), r.value());
            if (result != null) {
                outcomes.add(result.outcome());
            }
            assertEquals("v2\n", Files.readString(b.resolve("models/videobert/CURRENT")), "never flipped back to v1");
        }
        assertEquals(List.of(ArtifactAssembler.Outcome.WRITTEN, ArtifactAssembler.Outcome.HELD, ArtifactAssembler.Outcome.WRITTEN,
                ArtifactAssembler.Outcome.HELD), outcomes);
        List<ArtifactAssembler.Result> released = assembler.releaseHeld();
        assertEquals(1, released.size(), "one pointer, its last version");
        assertEquals(ArtifactAssembler.Outcome.IDENTICAL, released.get(0).outcome());
        assertTrue(Files.exists(b.resolve("models/videobert/v1/model/v.params")));
        assertTrue(Files.exists(b.resolve("models/videobert/v2/model/v.params")));
        assertEquals(List.of("CURRENT", "v1", "v2"), names(b.resolve("models/videobert")));
    }

    @Test
    void anEmptyFileHasNoChunks() throws Exception {
        Path empty = Files.createFile(work.resolve("empty"));
        List<Rec> records = publish(empty, "models/clip/v1/model/empty");
        assertEquals(1, records.size());
        Path b = work.resolve("b");
        assertEquals(ArtifactAssembler.Outcome.WRITTEN, replay(new ArtifactAssembler(b), records).outcome());
        assertEquals(0, Files.size(b.resolve("models/clip/v1/model/empty")));
    }

    @Test
    void aCorruptChunkWritesNothing() throws Exception {
        Path b = work.resolve("b");
        Files.createDirectories(b.resolve("codebooks"));
        Files.writeString(b.resolve("codebooks/cb-1.mmcb"), "the old bytes");
        List<Rec> records = new ArrayList<>(publish(randomFile("cb-1.mmcb", 2500, 2), "codebooks/cb-1.mmcb"));
        byte[] flipped = records.get(1).value().clone();
        flipped[17] ^= 1;
        records.set(1, new Rec(records.get(1).key(), flipped));

        ArtifactAssembler.Result result = replay(new ArtifactAssembler(b), records);
        assertEquals(ArtifactAssembler.Outcome.REFUSED, result.outcome());
        assertTrue(result.reason().startsWith("SHA-256 ") && result.reason().contains("differs from the manifest's"), result.reason());
        assertEquals("the old bytes", Files.readString(b.resolve("codebooks/cb-1.mmcb")), "the file there is untouched");
        assertEquals(List.of("cb-1.mmcb"), names(b.resolve("codebooks")), "no temporary file left");
    }

    @Test
    void aMissingOrShortChunkWritesNothing() throws Exception {
        List<Rec> records = new ArrayList<>(publish(randomFile("m.params", 2500, 3), "models/videobert/v1/model/m.params"));
        Path b = work.resolve("b");
        List<Rec> missing = new ArrayList<>(records);
        missing.remove(1);
        ArtifactAssembler.Result result = replay(new ArtifactAssembler(b), missing);
        assertEquals(ArtifactAssembler.Outcome.REFUSED, result.outcome());
        assertEquals("chunk 1 of 3 is missing", result.reason());
        assertFalse(Files.exists(b.resolve("models/videobert/v1/model/m.params")));

        List<Rec> shorter = new ArrayList<>(records);
        shorter.set(2, new Rec(shorter.get(2).key(), new byte[3]));
        assertTrue(replay(new ArtifactAssembler(b), shorter).reason().contains("hold 2003 bytes, the manifest says 2500"));
        assertFalse(Files.exists(b.resolve("models/videobert/v1/model/m.params")));
    }

    @Test
    void chunksWaitOnDiskAndLeaveNothingBehind() throws Exception {
        List<Rec> records = publish(randomFile("m.params", 2500, 4), "models/videobert/v1/model/m.params");
        Path b = work.resolve("b");
        ArtifactAssembler assembler = new ArtifactAssembler(b);
        assembler.accept(records.get(0).key(), records.get(0).value());
        assembler.accept(records.get(1).key(), records.get(1).value());
        assertEquals(2000, assembler.pendingBytes());
        Path folder = b.resolve("models/videobert/v1/model");
        assertEquals(List.of(".m.params.mirror-tmp"), names(folder), "the chunks so far wait beside the target");
        assembler.close();
        assertEquals(List.of(), names(folder), "closing drops them");
    }

    private static List<String> names(Path folder) throws Exception {
        try (var files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void pathsOutsideTheSharedFoldersAreRefused() throws Exception {
        Path b = work.resolve("b");
        ArtifactAssembler assembler = new ArtifactAssembler(b);
        for (String path : List.of("codebooks/../../evil", "/etc/passwd", "streams/x", "codebooks", "models//x")) {
            byte[] manifest = new ArtifactManifest("x", 0, 0, ArtifactManifest.sha256(new byte[0])).encode();
            ArtifactAssembler.Result result = assembler.accept(path, manifest);
            assertEquals(ArtifactAssembler.Outcome.REFUSED, result.outcome(), path);
            assertTrue(result.reason().startsWith(path + ": "), result.reason());
        }
        assertFalse(Files.exists(work.resolve("evil")));
        ArtifactAssembler.Result garbage = assembler.accept("codebooks/CURRENT", "not a manifest".getBytes(StandardCharsets.UTF_8));
        assertTrue(garbage.reason().contains("unknown format"), garbage.reason());
    }

    @Test
    void keysNameTheirPathAndChunk() {
        assertEquals(7, ArtifactKeys.chunkIndex("models/clip/v#1/x#7"));
        assertEquals("models/clip/v#1/x", ArtifactKeys.path("models/clip/v#1/x#7"));
        assertEquals(-1, ArtifactKeys.chunkIndex("codebooks/CURRENT"));
        assertEquals(-1, ArtifactKeys.chunkIndex("codebooks/a#b"));
        assertNull(new ArtifactAssembler(work).accept("codebooks/x#0", new byte[] {1}));
        assertThrows(IllegalArgumentException.class, () -> ArtifactKeys.checked("codebooks/a#1"));
        ArtifactManifest m = new ArtifactManifest("codebooks/x", 12, 1, ArtifactManifest.sha256(new byte[12]));
        assertEquals(m, ArtifactManifest.decode("codebooks/x", m.encode()));
    }
}
