package io.mmstream.streams.kafka;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.CommonClientConfigs;

/**
 * Kafka client settings from a properties file ({@code --client-config}): TLS, SASL/SCRAM or any other
 * client setting, added to every producer, consumer, admin client and Kafka Streams application
 * mmstream makes. They override mmstream's own defaults, except the few settings its correctness rests
 * on, which a file may not set.
 */
public final class ClientSettings {

    /** Settings mmstream chooses for itself: serialization, groups, transactions, what a reader sees. */
    static final Set<String> RESERVED = Set.of(
            "key.serializer", "value.serializer", "key.deserializer", "value.deserializer",
            "application.id", "group.id", "transactional.id", "enable.auto.commit", "isolation.level",
            "enable.idempotence", "processing.guarantee", "state.dir");

    private static final ClientSettings NONE = new ClientSettings(Map.of(), null);

    private final Map<String, String> settings;
    private final Path source;

    private ClientSettings(Map<String, String> settings, Path source) {
        this.settings = Collections.unmodifiableMap(new TreeMap<>(settings));
        this.source = source;
    }

    /** No extra settings: clients talk PLAINTEXT with mmstream's defaults. */
    public static ClientSettings none() {
        return NONE;
    }

    /** The settings in {@code file}; an {@link IllegalArgumentException} naming the file says what is wrong with it. */
    public static ClientSettings load(Path file) {
        Properties props = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            props.load(reader);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(file + ": no such file");
        } catch (AccessDeniedException e) {
            throw new IllegalArgumentException(file + ": cannot be read (permission denied)");
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": cannot be read as a properties file: " + e.getMessage());
        }
        Map<String, String> settings = new HashMap<>();
        for (String key : props.stringPropertyNames()) {
            settings.put(key.strip(), props.getProperty(key).strip());
        }
        return of(settings, file);
    }

    /** The settings given, checked as a file's would be ({@code source} names them in errors). */
    static ClientSettings of(Map<String, String> settings, Path source) {
        String name = source == null ? "client settings" : source.toString();
        for (Map.Entry<String, String> setting : settings.entrySet()) {
            String key = setting.getKey();
            if (RESERVED.contains(key)) {
                throw new IllegalArgumentException(name + ": " + key + " is chosen by mmstream and cannot be set here");
            }
            // a keystore or truststore that is not there fails late and obscurely inside the client
            if (key.endsWith(".location") && key.startsWith("ssl.") && !Files.isReadable(Path.of(setting.getValue()))) {
                throw new IllegalArgumentException(name + ": " + key + " " + setting.getValue() + ": no such readable file");
            }
        }
        return new ClientSettings(settings, source);
    }

    /** The file these settings came from, or null. */
    public Path source() {
        return source;
    }

    public boolean isEmpty() {
        return settings.isEmpty();
    }

    /** The file's {@code bootstrap.servers}, or null: the cluster to use when none is given on the command line. */
    public String bootstrapServers() {
        return settings.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG);
    }

    /** The security protocol clients will use: the file's {@code security.protocol}, else PLAINTEXT. */
    public String securityProtocol() {
        return settings.getOrDefault(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "PLAINTEXT").toUpperCase(java.util.Locale.ROOT);
    }

    /** Whether clients will speak TLS (SSL or SASL_SSL). */
    public boolean usesTls() {
        return securityProtocol().endsWith("SSL");
    }

    /**
     * {@code config} with these settings added, replacing mmstream's defaults of the same name; the
     * bootstrap servers stay {@code config}'s: the command line chooses the cluster.
     */
    public Map<String, Object> applyTo(Map<String, Object> config) {
        Map<String, Object> merged = new HashMap<>(config);
        settings.forEach((key, value) -> {
            if (!key.equals(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG)) {
                merged.put(key, value);
            }
        });
        return merged;
    }

    /**
     * Adds these settings to a Kafka Streams configuration, in place: un-prefixed client settings reach
     * all of its clients (producers, consumers, admin), so one file covers them.
     */
    public Properties applyTo(Properties streamsConfig) {
        settings.forEach((key, value) -> {
            if (!key.equals(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG)) {
                streamsConfig.put(key, value);
            }
        });
        return streamsConfig;
    }

    /** The names of the settings, never their values (they hold passwords). */
    @Override
    public String toString() {
        return (source == null ? "client settings " : source + " ") + settings.keySet();
    }
}
