package io.mmstream.streams.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options every command shares: where data lives and which Kafka to use. */
final class GlobalOptions {

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "mmstream-data",
            description = "Embedded broker logs, stream state, caches and models (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--bootstrap-servers", paramLabel = "HOSTS",
            description = "Use this Kafka cluster instead of the embedded broker.")
    String bootstrapServers;

    @Option(names = "--processing-guarantee", paramLabel = "G", defaultValue = "exactly_once_v2",
            description = "Kafka Streams processing guarantee: exactly_once_v2 (default) or at_least_once.")
    String processingGuarantee;

    /** The command line as given, to tell this command apart in {@code broker status}. */
    String invocation = "mmstream";

    Path dataDir() {
        return dataDir;
    }

    String bootstrapServers() {
        return bootstrapServers;
    }

    String processingGuarantee() {
        return processingGuarantee;
    }
}
