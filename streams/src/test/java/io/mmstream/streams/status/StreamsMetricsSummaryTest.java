package io.mmstream.streams.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.junit.jupiter.api.Test;

/** The summary of a Kafka Streams application's metrics, from a metrics map made here. */
class StreamsMetricsSummaryTest {

    private final Map<MetricName, Metric> metrics = new HashMap<>();

    private void add(String group, String name, Object value, String... tags) {
        Map<String, String> t = new HashMap<>();
        for (int i = 0; i < tags.length; i += 2) {
            t.put(tags[i], tags[i + 1]);
        }
        MetricName metricName = new MetricName(name, group, "", t);
        metrics.put(metricName, new Metric() {
            @Override
            public MetricName metricName() {
                return metricName;
            }

            @Override
            public Object metricValue() {
                return value;
            }
        });
    }

    @Test
    void ratesAddUpOverThreadsAndLatencyIsTheMeanOverRecords() {
        add("stream-metrics", "application-id", "mmstream-index");
        add("stream-metrics", "alive-stream-threads", 2);
        add("stream-thread-metrics", "process-rate", 30.0, "thread-id", "t1");
        add("stream-thread-metrics", "process-rate", 10.0, "thread-id", "t2");
        add("stream-thread-metrics", "process-latency-avg", 2.0, "thread-id", "t1");
        add("stream-thread-metrics", "process-latency-avg", 6.0, "thread-id", "t2");
        add("stream-thread-metrics", "commit-rate", 1.0, "thread-id", "t1");
        add("stream-thread-metrics", "commit-rate", 0.5, "thread-id", "t2");
        add("stream-task-metrics", "active-buffer-count", 7.0, "task-id", "0_0");
        add("stream-task-metrics", "active-buffer-count", 5.0, "task-id", "0_1");
        add("consumer-fetch-manager-metrics", "records-lag-max", 12.0, "client-id", "c1");
        add("consumer-fetch-manager-metrics", "records-lag-max", Double.NaN, "client-id", "c2");
        ObjectNode json = StreamsMetricsSummary.of("RUNNING", metrics);
        assertEquals("mmstream-index", json.get("application_id").asText());
        assertEquals("index", json.get("stage").asText());
        assertEquals("RUNNING", json.get("state").asText());
        assertEquals(2, json.get("threads").asInt());
        assertEquals(40.0, json.get("process_rate").asDouble(), 1e-9);
        assertEquals((30 * 2.0 + 10 * 6.0) / 40, json.get("process_latency_avg_ms").asDouble(), 1e-3);
        assertEquals(1.5, json.get("commit_rate").asDouble(), 1e-9);
        assertEquals(12, json.get("buffered_records").asLong());
        assertEquals(12, json.get("records_lag_max").asLong());
    }

    @Test
    void metricsNotRecordedAreNull() {
        add("stream-thread-metrics", "process-latency-avg", Double.NaN, "thread-id", "t1");
        ObjectNode json = StreamsMetricsSummary.of("REBALANCING", metrics);
        assertTrue(json.get("process_latency_avg_ms").isNull());
        assertTrue(json.get("buffered_records").isNull());
        assertTrue(json.get("threads").isNull());
        assertEquals(0.0, json.get("process_rate").asDouble());
    }
}
