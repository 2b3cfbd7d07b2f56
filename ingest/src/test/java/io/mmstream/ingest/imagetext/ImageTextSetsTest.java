package io.mmstream.ingest.imagetext;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The four kinds of image-caption set read item by item, with their bad items reported where they are. */
class ImageTextSetsTest {

    private static final ImageTextOptions OPTIONS = ImageTextOptions.of(64, Duration.ofSeconds(2));

    @TempDir
    Path dir;

    private final byte[] red = ShapeImages.encode(ShapeImages.plain(32, 24, Color.RED), "png");
    private final byte[] blue = ShapeImages.encode(ShapeImages.plain(24, 32, Color.BLUE), "jpg");

    @Test
    void aSidecarFolderPairsEachImageWithItsTxtAndReportsTheRest() throws Exception {
        Path set = Files.createDirectories(dir.resolve("set"));
        Files.write(set.resolve("cat.png"), red);
        Files.writeString(set.resolve("cat.txt"), "  a red\n picture \n");
        Files.write(set.resolve("lonely.jpg"), blue);
        Files.writeString(set.resolve("orphan.txt"), "a caption whose image is gone");
        Files.write(set.resolve("blank.png"), red);
        Files.writeString(set.resolve("blank.txt"), " \n");
        Files.writeString(set.resolve("README.md"), "not part of the set");
        Path sub = Files.createDirectories(set.resolve("00000"));
        Files.write(sub.resolve("000001.jpg"), blue);
        Files.writeString(sub.resolve("000001.json"), "{\"caption\": \"a blue picture\", \"url\": \"x\"}");
        Files.writeString(sub.resolve("00000_stats.json"), "{\"count\": 1}");

        assertTrue(ImageTextSets.isImageTextSet(set));
        assertEquals(ImageTextSets.Kind.SIDECAR_FOLDER, ImageTextSets.kindOf(set.toString()));
        List<ImageTextItem> items = readAll(set.toString());
        Map<String, ImageTextItem> byKey = byKey(items);
        assertEquals(5, items.size(), items.toString());
        assertEquals("a red picture", byKey.get("cat").caption());
        assertEquals(set.resolve("cat.png").toString(), byKey.get("cat").location());
        assertTrue(Arrays.equals(red, byKey.get("cat").image()));
        assertEquals("a blue picture", byKey.get("00000/000001").caption(), "a .json sidecar when there is no .txt");
        assertProblem(byKey.get("lonely"), set.resolve("lonely.jpg") + ": image without caption (no lonely.txt beside it)");
        assertTrue(byKey.get("orphan").problemLine().startsWith(set.resolve("orphan.txt") + ": caption without image"));
        assertProblem(byKey.get("blank"), set.resolve("blank.png") + ": empty caption (blank.txt)");
    }

    @Test
    void aFolderOfOtherFilesIsNoSet() throws Exception {
        Path videos = Files.createDirectories(dir.resolve("videos"));
        Files.writeString(videos.resolve("talk.mp4"), "x");
        Files.writeString(videos.resolve("talk.txt"), "notes");
        assertFalse(ImageTextSets.isImageTextSet(videos));
        assertFalse(ImageTextSets.isImageTextSet("talk.mp4"));
        assertFalse(ImageTextSets.isImageTextSet("http://example.com/x.tar"));
    }

    @Test
    void aJsonlManifestResolvesPathsBesideItAndReportsBadLines() throws Exception {
        Files.createDirectories(dir.resolve("img"));
        Files.write(dir.resolve("img/a.png"), red);
        Files.write(dir.resolve("img/b.jpg"), blue);
        Path manifest = dir.resolve("m.jsonl");
        Files.writeString(manifest, String.join("\n",
                "{\"path\": \"img/a.png\", \"caption\": \"a red picture\"}",
                "{\"image\": \"" + dir.resolve("img/b.jpg") + "\", \"text\": \"a blue picture\"}",
                "",
                "{\"path\": \"img/a.png\"",
                "{\"path\": \"img/b.jpg\"}",
                "{\"caption\": \"nothing to see\"}",
                "{\"path\": \"img/missing.png\", \"caption\": \"gone\"}",
                "{\"url\": \"http://127.0.0.1:9/x.png\", \"caption\": \"unreachable\"}",
                "[1, 2]") + "\n");
        List<ImageTextItem> items = readAll(manifest.toString());
        Map<String, ImageTextItem> byKey = byKey(items);
        assertEquals(8, items.size(), items.toString());
        assertEquals("a red picture", byKey.get("1").caption());
        assertEquals(manifest + ":1", byKey.get("1").location());
        assertTrue(Arrays.equals(blue, byKey.get("2").image()));
        assertEquals("a blue picture", byKey.get("2").caption());
        assertTrue(byKey.get("4").problemLine().startsWith(manifest + ":4: not valid JSON"), byKey.get("4").problemLine());
        assertProblem(byKey.get("5"), manifest + ":5: image without caption (img/b.jpg)");
        assertProblem(byKey.get("6"), manifest + ":6: caption without image (no path or URL on the line)");
        assertProblem(byKey.get("7"), manifest + ":7: img/missing.png: no such file: " + dir.resolve("img/missing.png"));
        assertProblem(byKey.get("8"), "http://127.0.0.1:9/x.png: cannot fetch: connection refused");
        assertTrue(byKey.get("9").problemLine().startsWith(manifest + ":9: not a JSON object"));
    }

    @Test
    void aTsvManifestSkipsItsHeaderAndReadsCaptionFirstFilesToo() throws Exception {
        Files.write(dir.resolve("a.png"), red);
        Path tsv = dir.resolve("m.tsv");
        Files.writeString(tsv, "path\tcaption\na.png\ta red picture\nno tab here\na.png\t\n");
        List<ImageTextItem> items = readAll(tsv.toString());
        assertEquals(3, items.size(), items.toString());
        assertEquals("a red picture", items.get(0).caption());
        assertEquals(tsv + ":2", items.get(0).location());
        assertProblem(items.get(1), tsv + ":3: not a TSV line: expected path or URL<TAB>caption");
        assertProblem(items.get(2), tsv + ":4: empty caption (a.png)");

        Path cc = dir.resolve("cc.tsv");
        Files.writeString(cc, "a red picture\ta.png\n");
        List<ImageTextItem> swapped = readAll(cc.toString());
        assertEquals("a red picture", swapped.get(0).caption(), "a caption-first line read the other way round");
    }

    @Test
    void aWebDatasetShardGroupsMembersByKeyWhateverTheirOrder() throws Exception {
        Map<String, byte[]> members = new LinkedHashMap<>();
        members.put("000000.jpg", blue);
        members.put("000000.txt", bytes("a blue picture"));
        members.put("000000.json", bytes("{\"caption\": \"not used: the txt wins\"}"));
        members.put("000001.json", bytes("{\"caption\": \"caption before image\", \"key\": \"000001\"}"));
        members.put("000001.png", red);
        members.put("000002.png", red);
        members.put("000003.txt", bytes("no image for me"));
        members.put("000004.png", red);
        members.put("000005.txt", bytes("late image"));
        members.put("000004.txt", bytes("a late caption"));
        members.put("000005.webp", new byte[0]);
        members.put("000006.seg.png", red);
        members.put("000006.cls", bytes("3"));
        Path shard = dir.resolve("shard-00000.tar");
        ShapeImages.writeTar(shard, members);

        List<ImageTextItem> items = readAll(shard.toString());
        Map<String, ImageTextItem> byKey = byKey(items);
        assertEquals(Map.of("000000", "a blue picture", "000001", "caption before image", "000004", "a late caption"),
                captions(items));
        assertEquals(shard + "#000000", byKey.get("000000").location());
        assertTrue(Arrays.equals(blue, byKey.get("000000").image()));
        assertProblem(byKey.get("000002"), shard + "#000002: image without caption (no 000002.txt member)");
        assertProblem(byKey.get("000003"), shard + "#000003: caption without image (no 000003.jpg, .png or .webp member)");
        assertProblem(byKey.get("000005"), shard + "#000005: 000005.webp: empty file");
        assertFalse(byKey.containsKey("000006"), "members with other extensions are not items");
        assertEquals(6, items.size(), items.toString());
    }

    @Test
    void aTruncatedShardKeepsWhatCameBeforeAndSaysWhy() throws Exception {
        Map<String, byte[]> members = new LinkedHashMap<>();
        members.put("a.png", red);
        members.put("a.txt", bytes("first"));
        members.put("b.png", ShapeImages.encode(ShapeImages.draw(300, 300, Color.RED, "circle", "centre"), "png"));
        members.put("b.txt", bytes("second"));
        Path whole = dir.resolve("whole.tar");
        ShapeImages.writeTar(whole, members);
        byte[] all = Files.readAllBytes(whole);
        Path cut = dir.resolve("cut.tar");
        // headers and data in 512-byte blocks: a.png, a.txt, then b.png cut in its data
        Files.write(cut, Arrays.copyOf(all, 512 + blocks(red.length) + 512 + 512 + 512 + 700));
        List<ImageTextItem> items = readAll(cut.toString());
        assertEquals("first", items.get(0).caption());
        assertTrue(items.get(items.size() - 1).problemLine().startsWith(cut + ": truncated or corrupt tar"),
                items.toString());
    }

    @Test
    void anImageFileOverTheLimitIsNotRead() throws Exception {
        Path set = Files.createDirectories(dir.resolve("big"));
        Files.write(set.resolve("big.png"), red);
        Files.writeString(set.resolve("big.txt"), "a big picture");
        ImageTextOptions small = new ImageTextOptions(64, Duration.ofSeconds(2), 64, ImageTextOptions.MAX_PIXELS,
                ImageTextOptions.MIN_SIDE, ImageTextOptions.MAX_ASPECT);
        try (ImageTextSet s = ImageTextSets.open(set.toString(), small)) {
            ImageTextItem item = s.next();
            assertTrue(item.problemLine().startsWith(set.resolve("big.png") + ": file too large: "), item.problemLine());
        }
    }

    @Test
    void aMissingManifestCannotBeOpened() {
        IOException e = assertThrows(IOException.class, () -> ImageTextSets.open(dir.resolve("none.jsonl").toString(), OPTIONS));
        assertTrue(e.getMessage().contains("no such file"), e.getMessage());
    }

    private static List<ImageTextItem> readAll(String input) throws IOException {
        List<ImageTextItem> items = new ArrayList<>();
        try (ImageTextSet set = ImageTextSets.open(input, OPTIONS)) {
            for (ImageTextItem item = set.next(); item != null; item = set.next()) {
                items.add(item);
            }
            assertNull(set.next(), "ended");
        }
        return items;
    }

    private static Map<String, ImageTextItem> byKey(List<ImageTextItem> items) {
        Map<String, ImageTextItem> out = new LinkedHashMap<>();
        items.forEach(i -> out.put(i.key(), i));
        return out;
    }

    private static Map<String, String> captions(List<ImageTextItem> items) {
        Map<String, String> out = new java.util.HashMap<>();
        items.stream().filter(i -> !i.isProblem()).forEach(i -> out.put(i.key(), i.caption()));
        return out;
    }

    private static void assertProblem(ImageTextItem item, String line) {
        assertTrue(item.isProblem(), item + " is a problem");
        assertEquals(line, item.problemLine());
    }

    private static int blocks(int bytes) {
        return (bytes + 511) / 512 * 512;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
