package io.mmstream.streams.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code detect} on Debian's photographs (python3-skimage), and a video made of four of them (a cat, a
 * motorcycle, a cup, an astronaut; 4 s each, silent) indexed with {@code index --objects}: a search for
 * each object's name finds the seconds that show it, and the same video indexed without
 * {@code --objects} is found by none of them (the names come from the detector, not from speech).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DetectIT {

    private static final Path PHOTOS = Path.of("/usr/lib/python3/dist-packages/skimage/data");
    /** The photos of the video, in order, and the object each shows. */
    private static final String[][] SHOTS = {
        {"chelsea.png", "cat"}, {"motorcycle_left.png", "motorcycle"}, {"coffee.png", "cup"}, {"astronaut.png", "person"}};
    private static final double SHOT_S = 4;

    @TempDir
    static Path work;

    private final ObjectMapper json = new ObjectMapper();
    private Path video;

    @BeforeAll
    void makeTheVideo() throws Exception {
        List<String> command = new ArrayList<>(List.of("ffmpeg", "-v", "error", "-y"));
        for (String[] shot : SHOTS) {
            command.addAll(List.of("-loop", "1", "-t", String.valueOf(SHOT_S), "-i", PHOTOS.resolve(shot[0]).toString()));
        }
        StringBuilder filter = new StringBuilder();
        for (int i = 0; i < SHOTS.length; i++) {
            filter.append("[").append(i).append(":v]scale=640:360:force_original_aspect_ratio=decrease,")
                    .append("pad=640:360:(ow-iw)/2:(oh-ih)/2,setsar=1,fps=20,format=yuv420p[v").append(i).append("];");
        }
        for (int i = 0; i < SHOTS.length; i++) {
            filter.append("[v").append(i).append("]");
        }
        filter.append("concat=n=").append(SHOTS.length).append(":v=1:a=0[out]");
        video = work.resolve("photos.mp4");
        command.addAll(List.of("-f", "lavfi", "-t", String.valueOf(SHOTS.length * SHOT_S), "-i", "anullsrc=r=16000:cl=mono",
                "-filter_complex", filter.toString(), "-map", "[out]", "-map", SHOTS.length + ":a", "-c:v", "libx264",
                "-c:a", "aac", "-shortest", video.toString()));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), out);
    }

    @Test
    void aPhotographsObjectsComeAsJsonAndAsBoxesDrawnOnIt() throws Exception {
        Path png = work.resolve("boxes/chelsea.png");
        CliRun run = CliRun.of("detect", PHOTOS.resolve("chelsea.png").toString(), "--json", "--png", png.toString());
        assertEquals(0, run.exitCode(), run.err());
        JsonNode result = json.readTree(run.out());
        assertEquals(451, result.get("width").asInt());
        JsonNode top = result.get("frames").get(0).get("objects").get(0);
        assertEquals("cat", top.get("label").asText(), run.out());
        assertEquals(4, top.get("box").size());
        BufferedImage drawn = ImageIO.read(png.toFile());
        assertEquals(451, drawn.getWidth());
        assertEquals(300, drawn.getHeight());
    }

    @Test
    void aVideosFramesAreLookedAtEverySoManySeconds() throws Exception {
        CliRun run = CliRun.of("detect", video.toString(), "--every", "4", "--json");
        assertEquals(0, run.exitCode(), run.err());
        JsonNode frames = json.readTree(run.out()).get("frames");
        assertEquals(SHOTS.length, frames.size(), run.out());
        for (int i = 0; i < SHOTS.length; i++) {
            assertEquals(SHOTS[i][1], frames.get(i).get("objects").get(0).get("label").asText(), "shot " + i + ": " + frames.get(i));
        }
    }

    @Test
    void somethingThatIsNoPictureGetsOneLineAndExitOne() throws Exception {
        Path text = Files.writeString(work.resolve("notes.png"), "not a picture");
        CliRun run = CliRun.of("detect", text.toString());
        assertEquals(1, run.exitCode());
        assertEquals(1, run.err().strip().lines().count(), run.err());
        assertTrue(run.err().startsWith(text.toString()), run.err());
    }

    @Test
    void indexedWithObjectsASearchForEachObjectFindsTheSecondsThatShowIt() throws Exception {
        Path data = work.resolve("with-objects");
        CliRun index = CliRun.of("--data-dir", data.toString(), "index", "--objects", video.toString());
        assertEquals(0, index.exitCode(), index.err());
        for (int i = 0; i < SHOTS.length; i++) {
            JsonNode found = search(data, SHOTS[i][1]);
            assertTrue(found.size() > 0, "nothing found for " + SHOTS[i][1]);
            JsonNode best = found.get(0);
            double start = best.get("start_ms").asLong() / 1000.0;
            double end = best.get("end_ms").asLong() / 1000.0;
            double shotStart = i * SHOT_S;
            double shotEnd = shotStart + SHOT_S;
            // clips are 1.5 s long: a moment may reach into the neighbouring shot by less than a clip
            assertTrue(start >= shotStart - 1.5 && end <= shotEnd + 1.5 && end - start >= 1.5,
                    SHOTS[i][1] + " is shown from " + shotStart + " to " + shotEnd + " s, found " + best);
            assertTrue(best.get("text").asText().contains("<mark>" + SHOTS[i][1] + "</mark>"), best.toString());
        }
        // a name nothing showed finds nothing, even by the default (fused) ranking: names are matched as words only
        CliRun bird = CliRun.of("--data-dir", data.toString(), "search", "bird", "--json");
        assertEquals(0, bird.exitCode(), bird.err());
        assertEquals(0, json.readTree(bird.out()).size(), bird.out());
        Path plain = work.resolve("without-objects");
        CliRun control = CliRun.of("--data-dir", plain.toString(), "index", video.toString());
        assertEquals(0, control.exitCode(), control.err());
        for (String[] shot : SHOTS) {
            assertEquals(0, search(plain, shot[1]).size(), "found without detection: " + shot[1]);
        }
    }

    private JsonNode search(Path data, String query) throws Exception {
        CliRun run = CliRun.of("--data-dir", data.toString(), "search", query, "--ranking", "keyword", "--json");
        assertEquals(0, run.exitCode(), run.err());
        return json.readTree(run.out());
    }
}
