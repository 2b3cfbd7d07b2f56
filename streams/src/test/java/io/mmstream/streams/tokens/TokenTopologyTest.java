package io.mmstream.streams.tokens;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mmstream.streams.records.Clip;
import io.mmstream.streams.records.DeadLetter;
import io.mmstream.streams.records.FloatVectors;
import io.mmstream.streams.records.VisualToken;
import io.mmstream.streams.topics.Topics;
import io.mmstream.tokenizer.kmeans.CodebookStore;
import io.mmstream.tokenizer.kmeans.HierarchicalKMeans;
import io.mmstream.tokenizer.kmeans.KMeansConfig;
import io.mmstream.tokenizer.kmeans.ScalarDistance;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Clips to visual words, with the codebook changing under a running topology. */
class TokenTopologyTest {

    @TempDir
    Path work;

    private static List<float[]> features(int count, int dim, long seed) {
        Random random = new Random(seed);
        List<float[]> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            float[] f = new float[dim];
            for (int d = 0; d < dim; d++) {
                f[d] = (float) random.nextGaussian() + (i % 4) * 5;
            }
            out.add(f);
        }
        return out;
    }

    private static Clip clip(long index, float[] features, String extractor) {
        return Clip.newBuilder().setVideoId("v").setIndex(index).setStartUs(index * 1_500_000).setEndUs((index + 1) * 1_500_000)
                .setFrameCount(30).setExtractor(extractor).setDimension(features.length)
                .setFeatures(FloatVectors.pack(features)).build();
    }

    @Test
    void clipsGetTheirWordAndTheCodebookVersionAndANewVersionIsPickedUpWithoutARestart() throws Exception {
        CodebookStore store = new CodebookStore(work.resolve("codebooks"));
        List<float[]> data = features(80, 6, 1);
        String first = store.save(new HierarchicalKMeans(new KMeansConfig(2, 4, 1, 10, 4096, 1), new ScalarDistance())
                .train(data, "color-motion-v1"), 1);
        StreamsBuilder builder = new StreamsBuilder();
        TokenTopology.buildTopology(builder, new CodebookSource(store));
        try (TopologyTestDriver driver = new TopologyTestDriver(builder.build(),
                TokenTopology.streamsConfig("127.0.0.1:1", work.resolve("state"), "exactly_once_v2"))) {
            TestInputTopic<String, Clip> clips = driver.createInputTopic(Topics.CLIPS.name(),
                    Topics.CLIPS.keySerde().serializer(), Topics.CLIPS.valueSerde().serializer());
            clips.pipeInput("v", clip(0, data.get(0), "color-motion-v1"));
            clips.pipeInput("v", clip(1, data.get(0), "color-motion-v1"));

            String second = store.save(new HierarchicalKMeans(new KMeansConfig(3, 2, 2, 10, 4096, 1), new ScalarDistance())
                    .train(data, "color-motion-v1"), 2);
            driver.advanceWallClockTime(Duration.ofSeconds(3));
            clips.pipeInput("v", clip(2, data.get(0), "color-motion-v1"));
            clips.pipeInput("v", clip(3, new float[5], "color-motion-v1"));
            clips.pipeInput("v", clip(4, data.get(1), "s3d-v1"));

            List<VisualToken> tokens = driver.createOutputTopic(Topics.VISUAL_TOKENS.name(),
                    Topics.VISUAL_TOKENS.keySerde().deserializer(), Topics.VISUAL_TOKENS.valueSerde().deserializer())
                    .readValuesToList();
            assertEquals(3, tokens.size());
            assertEquals(tokens.get(0).getToken(), tokens.get(1).getToken(), "a clip and its copy get the same word");
            assertEquals(first, tokens.get(0).getCodebookVersion());
            assertEquals(2, tokens.get(0).getPath().size());
            assertEquals(tokens.get(0).getPath().get(0) * 4 + tokens.get(0).getPath().get(1), tokens.get(0).getToken());
            assertNotEquals(first, second);
            assertEquals(second, tokens.get(2).getCodebookVersion(), "the new version is used without a restart");
            assertEquals(3, tokens.get(2).getPath().size());

            List<DeadLetter> dead = driver.createOutputTopic(Topics.DLQ.name(), Topics.DLQ.keySerde().deserializer(),
                    Topics.DLQ.valueSerde().deserializer()).readValuesToList();
            assertEquals(2, dead.size());
            assertTrue(dead.get(0).getReason().contains("(5-d); codebook " + second + " is for color-motion-v1 (6-d)"),
                    dead.get(0).getReason());
            assertTrue(dead.get(1).getReason().startsWith("clip 4 has s3d-v1 features"), dead.get(1).getReason());
        }
    }

    @Test
    void withoutACodebookClipsAreDeadLettersNotWrongTokens() {
        StreamsBuilder builder = new StreamsBuilder();
        TokenTopology.buildTopology(builder, new CodebookSource(new CodebookStore(work.resolve("none"))));
        try (TopologyTestDriver driver = new TopologyTestDriver(builder.build(),
                TokenTopology.streamsConfig("127.0.0.1:1", work.resolve("state2"), "exactly_once_v2"))) {
            driver.createInputTopic(Topics.CLIPS.name(), Topics.CLIPS.keySerde().serializer(), Topics.CLIPS.valueSerde().serializer())
                    .pipeInput("v", clip(0, new float[] {1, 2}, "color-motion-v1"));
            assertTrue(driver.createOutputTopic(Topics.VISUAL_TOKENS.name(), Topics.VISUAL_TOKENS.keySerde().deserializer(),
                    Topics.VISUAL_TOKENS.valueSerde().deserializer()).isEmpty());
            DeadLetter dead = driver.createOutputTopic(Topics.DLQ.name(), Topics.DLQ.keySerde().deserializer(),
                    Topics.DLQ.valueSerde().deserializer()).readValue();
            assertTrue(dead.getReason().startsWith("no codebook trained yet"));
        }
    }
}
