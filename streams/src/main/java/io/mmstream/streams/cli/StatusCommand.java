package io.mmstream.streams.cli;

import io.mmstream.streams.kafka.KafkaCluster;
import io.mmstream.streams.kafka.KafkaUnavailableException;
import io.mmstream.streams.status.GroupProbe;
import io.mmstream.streams.status.OffsetSample;
import io.mmstream.streams.status.Stage;
import io.mmstream.streams.status.StageLag;
import io.mmstream.streams.status.StageStatus;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code mmstream status}: per processing stage, the lag, throughput, instances and group state, from
 * two samples of the consumer groups' committed offsets an interval apart.
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Lag, throughput and instances per processing stage, from the consumer groups.",
                "LAG: records of the stage's topics its group has not committed past; - for a stage that never ran"
                        + " (--json gives all of its topics' records there). A transaction marker that is all a partition has left is not counted; markers inside"
                        + " a larger gap count one each.",
                "THROUGHPUT: records per second its group committed past over the interval (as lumpy as the"
                        + " commits); for ingest, records per second written to its topics; idle when nothing moved.",
                "INSTANCES: processes in the group (their threads, hosts). STATE: the group's state (Stable, Empty,"
                        + " PreparingRebalance...; none when it never ran)."})
final class StatusCommand implements Callable<Integer> {

    @ParentCommand
    MmstreamCli parent;

    @Spec
    CommandSpec spec;

    @Option(names = "--interval", paramLabel = "SEC", defaultValue = "5",
            description = "Seconds between the two samples throughput is measured over (default: ${DEFAULT-VALUE}).")
    double intervalSeconds;

    @Option(names = "--json", description = "One JSON object per stage and line: stage, group, topics, lag, lag_by_topic,"
            + " records_per_s, idle, interval_s, state, members, instances, hosts.")
    boolean json;

    @Option(names = "--watch", description = "Print again every interval until Ctrl-C (a sample Kafka cannot answer is"
            + " reported on stderr and skipped).")
    boolean watch;

    @Override
    public Integer call() throws Exception {
        if (!(intervalSeconds > 0) || intervalSeconds > 3600) {
            throw new ParameterException(spec.commandLine(), "--interval: give seconds between 0 and 3600, not " + intervalSeconds);
        }
        PrintWriter out = spec.commandLine().getOut();
        Duration interval = Duration.ofMillis(Math.round(intervalSeconds * 1000));
        List<Stage> stages = Stage.all();
        GlobalOptions options = parent.options;
        try (KafkaCluster cluster = KafkaCluster.open(options.bootstrapServers(), options.dataDir().toAbsolutePath(), options.invocation,
                        options.clientSettings());
                Admin admin = cluster.admin();
                GroupProbe probe = new GroupProbe(admin, cluster.readerConfig("mmstream-status"))) {
            OffsetSample before = probe.sample(stages);
            do {
                Thread.sleep(interval.toMillis());
                cluster.check(); // the embedded broker stopped under this command: nothing to wait for
                OffsetSample after;
                try {
                    after = probe.sample(stages);
                } catch (KafkaUnavailableException e) {
                    if (!watch) {
                        throw e;
                    }
                    // watching goes on through a broker restart or a network hiccup, saying so
                    spec.commandLine().getErr().println("mmstream: " + e.getMessage());
                    spec.commandLine().getErr().flush();
                    before = null;
                    continue;
                }
                OffsetSample since = before;
                List<StageStatus> report = stages.stream().map(s -> StageLag.of(s, since, after)).toList();
                print(out, report);
                before = after;
            } while (watch);
        }
        return 0;
    }

    private void print(PrintWriter out, List<StageStatus> report) {
        if (json) {
            report.forEach(s -> out.println(s.toJson()));
        } else {
            if (watch) {
                out.println(Instant.now().truncatedTo(ChronoUnit.SECONDS));
            }
            List<List<String>> rows = new ArrayList<>();
            rows.add(StageStatus.COLUMNS);
            report.forEach(s -> rows.add(s.row()));
            table(out, rows);
            if (watch) {
                out.println();
            }
        }
        out.flush();
    }

    /** Left-aligned columns two spaces apart, numbers (lag) right-aligned. */
    private static void table(PrintWriter out, List<List<String>> rows) {
        int columns = rows.get(0).size();
        int[] widths = new int[columns];
        for (List<String> row : rows) {
            for (int c = 0; c < columns; c++) {
                widths[c] = Math.max(widths[c], row.get(c).length());
            }
        }
        for (List<String> row : rows) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < columns; c++) {
                String cell = row.get(c);
                boolean right = c == 2;
                String pad = " ".repeat(widths[c] - cell.length());
                line.append(right ? pad + cell : c == columns - 1 ? cell : cell + pad);
                if (c < columns - 1) {
                    line.append("  ");
                }
            }
            out.println(line.toString().stripTrailing());
        }
    }
}
