package io.mmstream.streams.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** Lag and throughput from generated offsets, against the sums worked out here record by record. */
class StageLagTest {

    private static final Stage SEQUENCES = new Stage("sequences", "g", List.of("a", "b"));
    private static final Stage INGEST = new Stage("ingest", null, List.of("a", "b"));

    @Test
    void lagIsEndMinusPositionSummedOverPartitionsAndThroughputIsPositionsMovedPerSecond() {
        Random random = new Random(42);
        for (int round = 0; round < 200; round++) {
            Map<TopicPartition, Long> starts = new HashMap<>();
            Map<TopicPartition, Long> ends = new HashMap<>();
            Map<TopicPartition, Long> before = new HashMap<>();
            Map<TopicPartition, Long> after = new HashMap<>();
            long expectedLag = 0;
            long expectedMoved = 0;
            Map<String, Long> expectedByTopic = new HashMap<>(Map.of("a", 0L, "b", 0L));
            for (String topic : List.of("a", "b")) {
                for (int p = 0; p < 1 + random.nextInt(6); p++) {
                    TopicPartition tp = new TopicPartition(topic, p);
                    long start = random.nextInt(3) == 0 ? random.nextInt(50) : 0;
                    long end = start + random.nextInt(1000);
                    starts.put(tp, start);
                    ends.put(tp, end);
                    // a group may have committed nothing yet, or an offset retention has since deleted
                    Long was = random.nextInt(4) == 0 ? null : (long) random.nextInt((int) end + 1);
                    Long now = was == null && random.nextBoolean() ? null
                            : Math.max(was == null ? 0 : was, random.nextInt((int) end + 1));
                    if (was != null) {
                        before.put(tp, was);
                    }
                    if (now != null) {
                        after.put(tp, now);
                    }
                    long position = Math.max(start, now == null ? start : now);
                    long positionBefore = Math.max(start, was == null ? start : was);
                    expectedLag += end - position;
                    expectedByTopic.merge(topic, end - position, Long::sum);
                    expectedMoved += Math.max(0, position - positionBefore);
                }
            }
            OffsetSample first = new OffsetSample(0, starts, ends, Map.of("g", before), Map.of(), Map.of());
            OffsetSample second = new OffsetSample(2_000_000_000L, starts, ends, Map.of("g", after), Map.of(), Map.of());
            StageStatus status = StageLag.of(SEQUENCES, first, second);
            assertEquals(expectedLag, status.lag(), "round " + round);
            assertEquals(expectedByTopic, status.lagByTopic(), "round " + round);
            assertEquals(expectedMoved / 2.0, status.recordsPerSecond(), 1e-9, "round " + round);
            assertEquals(expectedMoved == 0, status.idle());
        }
    }

    @Test
    void aPartitionOneBehindCountsZeroOnlyWhenThatOffsetIsATransactionMarker() {
        TopicPartition marker = new TopicPartition("a", 0);
        TopicPartition record = new TopicPartition("a", 1);
        TopicPartition twoBehind = new TopicPartition("b", 0);
        Map<TopicPartition, Long> ends = Map.of(marker, 10L, record, 10L, twoBehind, 10L);
        Map<TopicPartition, Long> starts = Map.of(marker, 0L, record, 0L, twoBehind, 0L);
        Map<TopicPartition, Long> committed = Map.of(marker, 9L, record, 9L, twoBehind, 8L);
        // the probe marks a partition only when it is one behind; a marker inside a gap still counts
        OffsetSample sample = new OffsetSample(0, starts, ends, Map.of("g", committed), Map.of("g", Set.of(marker)), Map.of());
        StageStatus status = StageLag.of(SEQUENCES, null, sample);
        assertEquals(Map.of("a", 1L, "b", 2L), status.lagByTopic());
        assertEquals(3, status.lag());
        assertNull(status.recordsPerSecond(), "one sample tells no throughput");
        assertFalse(status.idle());
    }

    @Test
    void ingestThroughputIsTheGrowthOfTheEndsOfItsTopics() {
        TopicPartition a0 = new TopicPartition("a", 0);
        TopicPartition b0 = new TopicPartition("b", 0);
        TopicPartition b1 = new TopicPartition("b", 1);
        OffsetSample first = new OffsetSample(0, Map.of(a0, 0L, b0, 0L), Map.of(a0, 100L, b0, 40L), Map.of(), Map.of(), Map.of());
        // b1 appeared between the samples: all of it is new
        OffsetSample second = new OffsetSample(500_000_000L, Map.of(a0, 0L, b0, 0L, b1, 0L), Map.of(a0, 160L, b0, 40L, b1, 15L),
                Map.of(), Map.of(), Map.of());
        StageStatus status = StageLag.of(INGEST, first, second);
        assertEquals((60 + 15) / 0.5, status.recordsPerSecond(), 1e-9);
        assertNull(status.lag());
        assertNull(status.group());
        assertTrue(status.toJson().contains("\"lag\":null"));
    }

    @Test
    void theJsonOfAStageNamesItsGroupTopicsLagRateAndMembers() throws Exception {
        TopicPartition a0 = new TopicPartition("a", 0);
        GroupMembers members = GroupMembers.of("Stable",
                List.of("mmstream-index-1b2c-StreamThread-1-consumer", "mmstream-index-1b2c-StreamThread-2-consumer",
                        "mmstream-index-9f9f-StreamThread-1-consumer"),
                List.of("/10.0.0.2", "/10.0.0.2", "/10.0.0.3"));
        OffsetSample first = new OffsetSample(0, Map.of(a0, 0L), Map.of(a0, 50L), Map.of("g", Map.of(a0, 10L)), Map.of(), Map.of());
        OffsetSample second = new OffsetSample(1_000_000_000L, Map.of(a0, 0L), Map.of(a0, 50L), Map.of("g", Map.of(a0, 30L)),
                Map.of(), Map.of("g", members));
        JsonNode json = new ObjectMapper().readTree(StageLag.of(SEQUENCES, first, second).toJson());
        assertEquals("sequences", json.get("stage").asText());
        assertEquals("g", json.get("group").asText());
        assertEquals("[\"a\",\"b\"]", json.get("topics").toString());
        assertEquals(20, json.get("lag").asLong());
        assertEquals(20.0, json.get("records_per_s").asDouble(), 1e-9);
        assertFalse(json.get("idle").asBoolean());
        assertEquals("Stable", json.get("state").asText());
        assertEquals(3, json.get("members").asInt());
        assertEquals(2, json.get("instances").asInt(), "two threads of one instance count once");
        assertEquals("[\"10.0.0.2\",\"10.0.0.3\"]", json.get("hosts").toString());
        assertEquals(List.of("sequences", "a,b", "20", "20.0 rec/s", "2 (3 threads on 10.0.0.2,10.0.0.3)", "Stable"),
                StageLag.of(SEQUENCES, first, second).row());
    }

    @Test
    void aStageThatNeverRanShowsNoLagInTheTableButKeepsItInJson() throws Exception {
        TopicPartition a0 = new TopicPartition("a", 0);
        OffsetSample first = new OffsetSample(0, Map.of(a0, 0L), Map.of(a0, 50L), Map.of(), Map.of(), Map.of());
        OffsetSample second = new OffsetSample(1_000_000_000L, Map.of(a0, 0L), Map.of(a0, 50L), Map.of(), Map.of(),
                Map.of("g", GroupMembers.NONE));
        StageStatus neverRan = StageLag.of(SEQUENCES, first, second);
        assertTrue(neverRan.neverRan());
        assertEquals(List.of("sequences", "a,b", "-", "idle", "0", "none"), neverRan.row());
        assertEquals(50, new ObjectMapper().readTree(neverRan.toJson()).get("lag").asLong(), "what it would have to read");
        assertTrue(new ObjectMapper().readTree(neverRan.toJson()).get("never_ran").asBoolean(), "what the /status page shows as -");
    }
}
