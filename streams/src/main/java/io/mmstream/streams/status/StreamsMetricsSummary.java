package io.mmstream.streams.status;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/**
 * The Kafka Streams metrics that say how a local application keeps up, summed over its stream threads:
 * records processed per second ({@code process-rate}), the mean time to process one
 * ({@code process-latency-avg}, ms), commits per second, records polled but not yet processed
 * ({@code active-buffer-count} of the tasks, when recorded), the largest lag a thread's consumer sees
 * ({@code records-lag-max}) and the threads alive.
 */
public final class StreamsMetricsSummary {

    private static final ObjectMapper JSON = new ObjectMapper();

    private StreamsMetricsSummary() {}

    /**
     * One JSON object for an application in {@code state} with {@code metrics} ({@code KafkaStreams.metrics()}):
     * {@code application_id, stage, state, threads, process_rate, process_latency_avg_ms, commit_rate,
     * buffered_records, records_lag_max}; a metric not recorded is null.
     */
    public static ObjectNode of(String state, Map<MetricName, ? extends Metric> metrics) {
        String applicationId = null;
        double processRate = 0;
        double commitRate = 0;
        double latencyWeighted = 0;
        double latencySum = 0;
        int latencyThreads = 0;
        Double buffered = null;
        Double lagMax = null;
        Double threads = null;
        for (var e : metrics.entrySet()) {
            MetricName m = e.getKey();
            if (m.group().equals("stream-metrics") && m.name().equals("application-id")) {
                applicationId = String.valueOf(e.getValue().metricValue());
            }
            double v = value(e.getValue());
            if (Double.isNaN(v) || Double.isInfinite(v)) {
                continue;
            }
            switch (m.group() + "/" + m.name()) {
                case "stream-thread-metrics/process-rate" -> processRate += v;
                case "stream-thread-metrics/commit-rate" -> commitRate += v;
                case "stream-thread-metrics/process-latency-avg" -> {
                    double rate = rateOfThread(metrics, m.tags().get("thread-id"));
                    latencyWeighted += v * rate;
                    latencySum += v;
                    latencyThreads++;
                }
                case "stream-task-metrics/active-buffer-count" -> buffered = (buffered == null ? 0 : buffered) + v;
                case "consumer-fetch-manager-metrics/records-lag-max" -> lagMax = lagMax == null ? v : Math.max(lagMax, v);
                case "stream-metrics/alive-stream-threads" -> threads = v;
                default -> { }
            }
        }
        ObjectNode o = JSON.createObjectNode();
        o.put("application_id", applicationId);
        String id = applicationId;
        o.put("stage", Stage.all().stream().filter(s -> id != null && id.equals(s.group())).map(Stage::name).findFirst().orElse(null));
        o.put("state", state);
        o.put("threads", threads == null ? null : (int) Math.round(threads));
        o.put("process_rate", round(processRate));
        // the mean over records, not over threads: a busy thread weighs by what it processes
        Double latency = latencyThreads == 0 ? null : processRate > 0 ? latencyWeighted / processRate : latencySum / latencyThreads;
        o.put("process_latency_avg_ms", latency == null ? null : round(latency));
        o.put("commit_rate", round(commitRate));
        o.put("buffered_records", buffered == null ? null : Math.round(buffered));
        o.put("records_lag_max", lagMax == null ? null : Math.round(lagMax));
        return o;
    }

    private static double rateOfThread(Map<MetricName, ? extends Metric> metrics, String thread) {
        for (var e : metrics.entrySet()) {
            MetricName m = e.getKey();
            if (m.group().equals("stream-thread-metrics") && m.name().equals("process-rate") && thread != null
                    && thread.equals(m.tags().get("thread-id"))) {
                double v = value(e.getValue());
                return Double.isNaN(v) ? 0 : v;
            }
        }
        return 0;
    }

    private static double value(Metric metric) {
        return metric.metricValue() instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
