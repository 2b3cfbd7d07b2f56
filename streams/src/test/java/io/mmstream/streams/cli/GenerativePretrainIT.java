package io.mmstream.streams.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mmstream.models.generative.GenerativeArchitecture;
import io.mmstream.models.generative.GenerativeModel;
import io.mmstream.streams.kafka.KafkaCluster;
import io.mmstream.streams.kafka.TopicReader;
import io.mmstream.streams.lanes.Balance;
import io.mmstream.streams.records.ModelAnnouncement;
import io.mmstream.streams.topics.Topics;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DALL-E and M6 end to end: an image-caption set ingested, each trained a few steps from the pairs
 * replayed from the topics (M6 reading DALL-E's discrete VAE), saved, made current and announced,
 * evaluated; {@code models generate} writing a PNG, unranked without an image CLIP and ranked with one.
 */
@Balance
class GenerativePretrainIT {

    @TempDir
    Path work;

    @Test
    void dalleAndM6TrainFromTheStreamAndDrawPictures() throws Exception {
        Path folder = work.resolve("sets/folder");
        ImageTextSetsOnDisk.sidecarFolder(folder, 30, 64, 64, 21);
        Path data = work.resolve("data");
        CliRun ingest = CliRun.of("--data-dir", data.toString(), "ingest", "--frame-size", "64", folder.toString());
        assertEquals(0, ingest.exitCode(), ingest.out() + ingest.err());

        CliRun dalle = CliRun.of("--data-dir", data.toString(), "pretrain", "--model", "dall-e", "--size", "tiny", "--vae-steps", "3",
                "--steps", "3", "--batch", "8", "--eval");
        assertEquals(0, dalle.exitCode(), dalle.out() + dalle.err());
        assertTrue(dalle.out().contains("3 discrete VAE steps, then 3 transformer steps"), dalle.out());
        assertTrue(dalle.out().contains("dVAE reconstruction error on "), dalle.out());
        assertTrue(dalle.out().contains("generation not scored: no image CLIP trained"), dalle.out());
        Path run = currentRun(data, "dall-e");
        assertEquals(List.of("step\treconstruction\tkl\ttau", "step\ttext\timage"),
                List.of(Files.readAllLines(run.resolve("vae-loss.tsv")).get(0), Files.readAllLines(run.resolve("loss.tsv")).get(0)));
        assertEquals(4, Files.readAllLines(run.resolve("loss.tsv")).size(), "a header and 3 steps");
        assertTrue(Files.size(run.resolve("loss.png")) > 0 && Files.size(run.resolve("vae-loss.png")) > 0);

        Path png = work.resolve("out/drawn.png");
        CliRun unranked = CliRun.of("--data-dir", data.toString(), "models", "generate", "a red circle left of a blue square", "--png",
                png.toString(), "--samples", "2");
        assertEquals(0, unranked.exitCode(), unranked.out() + unranked.err());
        assertTrue(unranked.err().contains("samples are unranked") && unranked.err().contains("pretrain --model clip --input images"),
                unranked.err());
        BufferedImage picture = ImageIO.read(png.toFile());
        assertEquals(256, picture.getWidth(), "32 px drawn 8 x 8");

        CliRun clip = CliRun.of("--data-dir", data.toString(), "pretrain", "--model", "clip", "--input", "images", "--size", "tiny",
                "--steps", "3", "--batch", "8");
        assertEquals(0, clip.exitCode(), clip.out() + clip.err());
        CliRun m6 = CliRun.of("--data-dir", data.toString(), "pretrain", "--model", "m6", "--size", "tiny", "--vae-steps", "3", "--steps",
                "3", "--batch", "8", "--eval");
        assertEquals(0, m6.exitCode(), m6.out() + m6.err());
        assertTrue(m6.out().contains("m6 reads the discrete VAE of the current dall-e"), m6.out());
        assertTrue(m6.out().contains("image CLIP cosine, ") && m6.out().contains("BLEU-4"), m6.out());
        assertEquals("step\tcaption\timage", Files.readAllLines(currentRun(data, "m6").resolve("loss.tsv")).get(0));
        try (GenerativeModel model = GenerativeModel.load(currentRun(data, "m6").resolve("model"))) {
            assertEquals(GenerativeArchitecture.M6, model.architecture());
        }

        CliRun ranked = CliRun.of("--data-dir", data.toString(), "models", "generate", "two green triangles", "--png", png.toString(),
                "--samples", "3", "--model", "m6", "--sheet");
        assertEquals(0, ranked.exitCode(), ranked.out() + ranked.err());
        assertTrue(ranked.out().contains("image CLIP score"), ranked.out());
        assertTrue(Files.size(work.resolve("out/drawn-sheet.png")) > 0);

        CliRun caption = CliRun.of("--data-dir", data.toString(), "models", "caption", "--model", "m6", png.toString());
        assertEquals(0, caption.exitCode(), caption.out() + caption.err());
        assertTrue(caption.out().startsWith(png + ": "), caption.out());

        CliRun list = CliRun.of("--data-dir", data.toString(), "models");
        assertTrue(list.out().contains("* dall-e-tiny-") && list.out().contains("* m6-tiny-"), list.out());
        try (KafkaCluster cluster = KafkaCluster.open(null, data)) {
            Set<String> announced = TopicReader.readAll(cluster, Topics.MODELS).stream().map(ConsumerRecord::value)
                    .map(ModelAnnouncement::getArchitecture).collect(Collectors.toSet());
            assertTrue(announced.containsAll(Set.of("dall-e", "m6")), announced.toString());
        }
        CliRun none = CliRun.of("--data-dir", work.resolve("empty").toString(), "models", "generate", "a square", "--png", png.toString());
        assertEquals(1, none.exitCode());
        assertTrue(none.err().contains("no trained dall-e yet (mmstream pretrain --model dall-e)"), none.err());
    }

    private static Path currentRun(Path data, String architecture) throws Exception {
        Path store = data.resolve("models").resolve(architecture);
        return store.resolve(Files.readString(store.resolve("CURRENT")).strip());
    }
}
