package io.mmstream.streams.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mmstream.ingest.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tokenize} writes one visual word per clip once a codebook exists, and refuses before. */
class TokenizeIT {

    @TempDir
    Path work;

    @Test
    void everyClipGetsItsWord() throws Exception {
        String data = work.resolve("data").toString();
        String video = Fixtures.media("dashwood.webm").toString();
        Path out = work.resolve("tokens.jsonl");

        CliRun before = CliRun.of("--data-dir", data, "tokenize", video, "--jsonl", out.toString());
        assertEquals(1, before.exitCode());
        assertTrue(before.err().contains("no codebook trained yet"), before.err());

        assertEquals(0, CliRun.of("--data-dir", data, "ingest", "--frame-size", "64", Fixtures.sample("dashwood.mp4").toString()).exitCode());
        assertEquals(0, CliRun.of("--data-dir", data, "codebook", "train", "--levels", "2", "--branching", "3").exitCode());

        CliRun run = CliRun.of("--data-dir", data, "tokenize", video, "--jsonl", out.toString());
        assertEquals(0, run.exitCode(), run.err());
        List<JsonNode> lines = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        for (String line : Files.readAllLines(out)) {
            lines.add(json.readTree(line));
        }
        assertEquals(20, lines.size(), "29.3 s of video in 1.5 s clips");
        for (int i = 0; i < lines.size(); i++) {
            JsonNode t = lines.get(i);
            assertEquals(video, t.get("video").asText());
            assertEquals(i, t.get("clip").asInt());
            assertEquals(i * 1500, t.get("start_ms").asLong());
            assertTrue(t.get("end_ms").asLong() > t.get("start_ms").asLong());
            int token = t.get("token").asInt();
            assertTrue(token >= 0 && token < 9);
            assertEquals(token, t.get("path").get(0).asInt() * 3 + t.get("path").get(1).asInt());
        }

        Path png = work.resolve("words.png");
        CliRun show = CliRun.of("--data-dir", data, "codebook", "show", "--png", png.toString(), "--words", "4");
        assertEquals(0, show.exitCode(), show.err());
        assertTrue(show.out().contains("9 visual words (2 x 3), color-motion-v1 features (135-d)"), show.out());
        java.awt.image.BufferedImage image = javax.imageio.ImageIO.read(png.toFile());
        assertTrue(image.getWidth() > 500 && image.getHeight() > 100, image.getWidth() + "x" + image.getHeight());
        // the first thumbnail of the first word holds the test pattern, not the white background
        long coloured = 0;
        for (int x = 180; x < 280; x++) {
            int rgb = image.getRGB(x, 30 + 31) & 0xFFFFFF;
            if (rgb != 0xFFFFFF) {
                coloured++;
            }
        }
        assertTrue(coloured > 50, "thumbnails are drawn: " + coloured);
    }
}
