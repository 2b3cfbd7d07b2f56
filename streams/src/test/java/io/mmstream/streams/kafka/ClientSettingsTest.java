package io.mmstream.streams.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --client-config} files: how they are read, checked and merged into client settings. */
class ClientSettingsTest {

    @TempDir
    Path dir;

    @Test
    void fileSettingsOverrideDefaultsButNotTheBootstrapServers() throws Exception {
        Path truststore = Files.writeString(dir.resolve("trust.p12"), "not read here");
        Path file = Files.writeString(dir.resolve("client.properties"), String.join("\n",
                "# a comment",
                "bootstrap.servers=kafka-1:9093",
                "security.protocol = SASL_SSL",
                "sasl.mechanism=SCRAM-SHA-512",
                "sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username=\"u\" password=\"s3cret\";",
                "ssl.truststore.location=" + truststore,
                "linger.ms=20"));
        ClientSettings settings = ClientSettings.load(file);

        assertEquals("kafka-1:9093", settings.bootstrapServers());
        assertEquals("SASL_SSL", settings.securityProtocol());
        assertTrue(settings.usesTls());
        assertFalse(settings.toString().contains("s3cret"), "never print the values: " + settings);

        Map<String, Object> merged = settings.applyTo(Map.of("bootstrap.servers", "from-the-command-line:9092", "linger.ms", 5, "acks", "all"));
        assertEquals("from-the-command-line:9092", merged.get("bootstrap.servers"));
        assertEquals("20", merged.get("linger.ms"), "the file overrides mmstream's default");
        assertEquals("all", merged.get("acks"));
        assertEquals("SASL_SSL", merged.get("security.protocol"));
        assertTrue(((String) merged.get("sasl.jaas.config")).endsWith("password=\"s3cret\";"));

        Properties streams = new Properties();
        streams.put("bootstrap.servers", "from-the-command-line:9092");
        settings.applyTo(streams);
        assertEquals("from-the-command-line:9092", streams.get("bootstrap.servers"));
        assertEquals("SCRAM-SHA-512", streams.get("sasl.mechanism"));
    }

    @Test
    void noSettingsMeanPlainText() {
        ClientSettings none = ClientSettings.none();
        assertTrue(none.isEmpty());
        assertNull(none.bootstrapServers());
        assertEquals("PLAINTEXT", none.securityProtocol());
        assertFalse(none.usesTls());
        assertEquals(Map.of("acks", "all"), none.applyTo(Map.of("acks", "all")));
    }

    @Test
    void badFilesAreRejectedNamingTheFileAndTheReason() throws Exception {
        Path missing = dir.resolve("missing.properties");
        assertEquals(missing + ": no such file",
                assertThrows(IllegalArgumentException.class, () -> ClientSettings.load(missing)).getMessage());

        Path reserved = Files.writeString(dir.resolve("reserved.properties"), "group.id=mine\n");
        String message = assertThrows(IllegalArgumentException.class, () -> ClientSettings.load(reserved)).getMessage();
        assertTrue(message.startsWith(reserved + ": group.id "), message);

        Path noTruststore = Files.writeString(dir.resolve("tls.properties"),
                "security.protocol=SSL\nssl.truststore.location=" + dir.resolve("gone.p12") + "\n");
        message = assertThrows(IllegalArgumentException.class, () -> ClientSettings.load(noTruststore)).getMessage();
        assertTrue(message.startsWith(noTruststore + ": ssl.truststore.location ") && message.endsWith("no such readable file"), message);

        Path badEscape = Files.writeString(dir.resolve("escape.properties"), "a=\\u12\n");
        message = assertThrows(IllegalArgumentException.class, () -> ClientSettings.load(badEscape)).getMessage();
        assertTrue(message.startsWith(badEscape + ": cannot be read as a properties file"), message);
    }

    @Test
    void aTlsListenerIsToldFromPlainKafkaByTheFirstBytesOfItsAnswer() throws Exception {
        // what a TLS server sends back to a plain-text request: an alert record (21, version 3.3)
        assertEquals(ListenerProbe.Answer.TLS, ListenerProbe.classify(new byte[] {21, 3}));
        assertEquals(ListenerProbe.Answer.TLS, ListenerProbe.classify(new byte[] {22, 3}));
        // a Kafka response starts with its size
        assertEquals(ListenerProbe.Answer.KAFKA, ListenerProbe.classify(new byte[] {0, 0}));
        assertEquals(ListenerProbe.Answer.UNKNOWN, ListenerProbe.classify(new byte[] {'H', 'T'}));
        assertEquals(ListenerProbe.Answer.UNKNOWN, ListenerProbe.classify(new byte[0]));

        try (ServerSocket tlsLike = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Thread server = new Thread(() -> {
                try (Socket client = tlsLike.accept(); OutputStream out = client.getOutputStream()) {
                    client.getInputStream().readNBytes(14); // the ApiVersions request
                    out.write(new byte[] {21, 3, 3, 0, 2, 2, 10}); // fatal alert: unexpected message
                } catch (Exception e) {
                    // the probe gave up first: the assertion below says so
                }
            });
            server.start();
            String address = "127.0.0.1:" + tlsLike.getLocalPort();
            assertEquals(List.of(ListenerProbe.Answer.TLS), ListenerProbe.probe(address));
            server.join(5_000);
        }
        int free;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            free = socket.getLocalPort();
        }
        assertEquals(ListenerProbe.Answer.REFUSED, ListenerProbe.probeOne("127.0.0.1:" + free));
    }

    @Test
    void theReservedSettingsCannotComeFromAFile() {
        for (String key : ClientSettings.RESERVED) {
            Map<String, String> one = new HashMap<>();
            one.put(key, "x");
            assertThrows(IllegalArgumentException.class, () -> ClientSettings.of(one, null), key);
        }
    }
}
