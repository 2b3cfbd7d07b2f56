package io.mmstream.streams.kafka;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mmstream.ingest.DecodeOptions;
import io.mmstream.streams.records.Frame;
import io.mmstream.streams.records.PixelEncoding;
import io.mmstream.streams.topics.Topics;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded broker: topics as catalogued (partitions, compression, sizes, retention read back), the biggest frame accepted, everything kept across a restart. */
class EmbeddedKafkaIT {

    @TempDir
    Path dataDir;

    /** Every topic has, read back from the broker, the partitions and each setting that {@link Topics} declares. */
    private static void assertTopicsAsCatalogued(KafkaCluster cluster) throws Exception {
        try (var admin = cluster.admin()) {
            List<String> names = Topics.all().stream().map(t -> t.name()).toList();
            var descriptions = admin.describeTopics(names).allTopicNames().get(30, TimeUnit.SECONDS);
            List<ConfigResource> resources = names.stream().map(n -> new ConfigResource(ConfigResource.Type.TOPIC, n)).toList();
            Map<ConfigResource, Config> configs = admin.describeConfigs(resources).all().get(30, TimeUnit.SECONDS);
            for (var topic : Topics.all()) {
                assertEquals(topic.partitions(), descriptions.get(topic.name()).partitions().size(), topic.name());
                Config actual = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, topic.name()));
                assertFalse(topic.config().isEmpty(), topic.name() + " declares its settings");
                topic.config().forEach((key, value) ->
                        assertEquals(value, actual.get(key).value(), topic.name() + " " + key + " as Topics declares it"));
            }
        }
    }

    @Test
    void theLargestFrameGoesThroughAndSurvivesARestart() throws Exception {
        int side = DecodeOptions.MAX_SIDE_LIMIT;
        byte[] pixels = new byte[side * side * 3];
        new Random(7).nextBytes(pixels); // noise: incompressible, the worst case for the size limit
        Frame frame = Frame.newBuilder().setVideoId("big").setIndex(0).setPtsUs(0).setWidth(side).setHeight(side)
                .setEncoding(PixelEncoding.RGB24).setPixels(ByteBuffer.wrap(pixels)).build();

        long firstBroker;
        try (KafkaCluster cluster = KafkaCluster.open(null, dataDir)) {
            assertTrue(cluster.isEmbedded());
            firstBroker = cluster.brokerPid();
            cluster.ensureTopics(Topics.all());
            assertTopicsAsCatalogued(cluster);
            try (RecordSender sender = new RecordSender(cluster.producerConfig("test", "lz4", Topics.FRAME_MAX_MESSAGE_BYTES))) {
                sender.send(Topics.FRAMES, "big", frame);
                sender.flush();
            }
        }

        assertTrue(LocalBroker.stop(dataDir, java.time.Duration.ofSeconds(60)) != null, "the broker was running");
        try (KafkaCluster again = KafkaCluster.open(null, dataDir)) {
            assertTrue(again.brokerPid() != firstBroker, "a new broker process");
            try (var admin = again.admin()) {
                Set<String> names = admin.listTopics().names().get(30, TimeUnit.SECONDS);
                Topics.all().forEach(t -> assertTrue(names.contains(t.name()), t.name() + " survives a restart"));
            }
            List<ConsumerRecord<String, Frame>> frames = TopicReader.readAll(again, Topics.FRAMES);
            assertEquals(1, frames.size());
            assertArrayEquals(pixels, frames.get(0).value().getPixels().array());
        }
    }
}
