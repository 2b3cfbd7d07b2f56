package io.mmstream.streams.embeddings;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mmstream.models.videobert.ModelStore;
import io.mmstream.models.videobert.VideoBert;
import io.mmstream.streams.kafka.KafkaCluster;
import io.mmstream.streams.kafka.RecordSender;
import io.mmstream.streams.kafka.StreamsApp;
import io.mmstream.streams.kafka.TopicReader;
import io.mmstream.streams.records.Embedding;
import io.mmstream.streams.records.FloatVectors;
import io.mmstream.streams.records.Sequence;
import io.mmstream.streams.topics.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.StreamsBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embeddings topology on a real broker follows the model store by the wall clock: a version made
 * current while it runs encodes the next segments, without a restart or a call from outside, and each
 * per-clip vector lands on its clip's index.
 */
class EmbeddingTopologyIT {

    @TempDir
    Path work;

    private static void saveAsCurrent(ModelStore store, String version, long seed) throws Exception {
        ModelSourceIT.save(store, version, seed);
        store.makeCurrent(version);
    }

    private static Sequence segment(long number, List<Integer> visual, List<Long> clips) {
        return Sequence.newBuilder().setVideoId("v").setSegment(number).setStartUs(number * 3_000_000).setEndUs(number * 3_000_000 + 3_000_000)
                .setText("now let me show you").setTextTokens(List.of(2085, 2292, 2033, 2265, 2017))
                .setVisualTokens(visual).setCodebookVersion("cb").setClipIndices(clips).build();
    }

    /** The embeddings of segment {@code number}, waiting up to a minute for the pooled one and {@code clips} per-clip ones. */
    private static List<Embedding> awaitEmbeddings(KafkaCluster cluster, long number, int clips) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        List<Embedding> of;
        do {
            Thread.sleep(300);
            of = TopicReader.readAll(cluster, Topics.EMBEDDINGS).stream().map(ConsumerRecord::value)
                    .filter(e -> e.getSegment() == number).toList();
        } while (of.size() < clips + 1 && System.nanoTime() < deadline);
        assertEquals(clips + 1, of.size(), "segment " + number + ": " + of.stream().map(Embedding::getClipIndex).toList());
        return of;
    }

    @Test
    void aModelMadeCurrentWhileRunningEncodesTheNextSegmentsOnTheirClips() throws Exception {
        ModelStore store = new ModelStore(work.resolve("models"));
        saveAsCurrent(store, "v1", 1);
        try (KafkaCluster cluster = KafkaCluster.open(null, work.resolve("broker"));
                RecordSender sender = new RecordSender(cluster.producerConfig("test", "zstd", 1 << 20));
                ModelSource models = new ModelSource(store)) {
            cluster.ensureTopics(Topics.all());
            StreamsBuilder builder = new StreamsBuilder();
            EmbeddingTopology.buildTopology(builder, models);
            try (StreamsApp app = StreamsApp.start("embeddings", builder.build(),
                    EmbeddingTopology.streamsConfig(cluster.bootstrapServers(), work.resolve("state"), "exactly_once_v2"),
                    Duration.ofSeconds(90))) {
                sender.send(Topics.SEQUENCES, "v", segment(0, List.of(1, 2, 3), List.of(10L, 11L, 12L)));
                sender.flush();
                assertTrue(awaitEmbeddings(cluster, 0, 3).stream().allMatch(e -> e.getModelVersion().equals("v1")));

                saveAsCurrent(store, "v2", 2); // nobody tells the topology
                Thread.sleep(EmbeddingProcessor.RELOAD_EVERY.toMillis() * 2 + 1000);
                Sequence next = segment(1, List.of(4, 5, 6, 7), List.of(20L, 21L, 22L, 23L));
                sender.send(Topics.SEQUENCES, "v", next);
                sender.flush();
                List<Embedding> got = awaitEmbeddings(cluster, 1, 4);
                assertTrue(got.stream().allMatch(e -> e.getModelVersion().equals("v2")), "the new version, no restart: " + got.stream().map(Embedding::getModelVersion).toList());

                // each clip's vector is the one v2 gives that clip's visual word in the segment
                Map<Long, float[]> byClip = got.stream().filter(e -> e.getClipIndex() != null)
                        .collect(Collectors.toMap(Embedding::getClipIndex, e -> FloatVectors.unpack(e.getVector())));
                assertEquals(java.util.Set.of(20L, 21L, 22L, 23L), byClip.keySet());
                try (VideoBert v2 = VideoBert.load(store.modelFolder("v2"))) {
                    for (Embedding expected : EmbeddingProcessor.embeddings(v2, "v2", next)) {
                        if (expected.getClipIndex() != null) {
                            assertArrayEquals(FloatVectors.unpack(expected.getVector()), byClip.get(expected.getClipIndex()), 1e-4f,
                                    "clip " + expected.getClipIndex());
                        }
                    }
                }
            }
        }
    }
}
