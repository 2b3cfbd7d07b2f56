package io.mmstream.streams.cli;

import io.mmstream.streams.kafka.ClientSettings;
import java.nio.file.Path;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** The options every command shares: where data lives and which Kafka to use. */
final class GlobalOptions {

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "mmstream-data",
            description = "Embedded broker logs, stream state, caches and models (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--bootstrap-servers", paramLabel = "HOSTS",
            description = "Use this Kafka cluster instead of the embedded broker.")
    String bootstrapServers;

    @Option(names = "--client-config", paramLabel = "FILE", converter = ClientSettingsFile.class,
            description = {"Kafka client settings (a Java properties file) for every producer, consumer, admin client "
                    + "and Kafka Streams application mmstream makes: TLS, SASL/SCRAM or any other client setting, "
                    + "e.g. security.protocol=SASL_SSL, sasl.mechanism=SCRAM-SHA-512, sasl.jaas.config=..., "
                    + "ssl.truststore.location=..., ssl.truststore.password=.... Its bootstrap.servers is used when "
                    + "--bootstrap-servers is not given."})
    ClientSettings clientSettings;

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

    /** The settings of {@code --client-config}, or none. */
    ClientSettings clientSettings() {
        return clientSettings == null ? ClientSettings.none() : clientSettings;
    }

    /** Reads {@code --client-config FILE}; a missing or bad file is a usage error naming it. */
    static final class ClientSettingsFile implements ITypeConverter<ClientSettings> {
        @Override
        public ClientSettings convert(String value) {
            try {
                return ClientSettings.load(Path.of(value));
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
