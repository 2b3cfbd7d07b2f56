package io.mmstream.streams.serve;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mmstream.streams.kafka.KafkaUnavailableException;
import io.mmstream.streams.status.GroupProbe;
import io.mmstream.streams.status.OffsetSample;
import io.mmstream.streams.status.Stage;
import io.mmstream.streams.status.StageLag;
import io.mmstream.streams.status.StreamsMetricsSummary;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The JSON of {@code GET /api/status}: {@code {"apps": [...], "stages": [...]}}: the metrics of this
 * process's Kafka Streams applications ({@link StreamsMetricsSummary}) and every stage's lag, instances
 * and state as {@code status --json} prints them, with the throughput since the previous request.
 */
public final class StatusReport implements Supplier<String>, AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Supplier<List<KafkaStreams>> apps;
    private final Admin admin;
    private final GroupProbe probe;
    private OffsetSample previous;

    /**
     * A report on {@code apps} (this process's applications, asked anew each time) and on the cluster
     * {@code admin} reaches; {@code readerConfig} are settings for a consumer without a group. The
     * report closes {@code admin}.
     */
    public StatusReport(Supplier<List<KafkaStreams>> apps, Admin admin, Map<String, Object> readerConfig) {
        this.apps = apps;
        this.admin = admin;
        this.probe = new GroupProbe(admin, readerConfig);
    }

    @Override
    public synchronized String get() {
        ObjectNode report = JSON.createObjectNode();
        ArrayNode local = report.putArray("apps");
        for (KafkaStreams streams : apps.get()) {
            local.add(StreamsMetricsSummary.of(streams.state().toString(), streams.metrics()));
        }
        try {
            OffsetSample now = probe.sample(Stage.all());
            ArrayNode stages = report.putArray("stages");
            for (Stage stage : Stage.all()) {
                stages.add(StageLag.of(stage, previous, now).json());
            }
            previous = now;
        } catch (KafkaUnavailableException e) {
            report.put("stages_error", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            report.put("stages_error", "interrupted");
        }
        return report.toString();
    }

    @Override
    public synchronized void close() {
        probe.close();
        admin.close();
    }
}
