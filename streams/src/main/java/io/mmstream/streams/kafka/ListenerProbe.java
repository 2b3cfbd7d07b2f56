package io.mmstream.streams.kafka;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * What listens at a Kafka bootstrap address: nothing (connection refused), a TLS server, plain Kafka,
 * or something that does not say. A plain-text Kafka client facing a TLS listener reads the TLS alert
 * as a 350 MB response size, allocates it, and retries until it times out; this asks first, with a
 * plain-text ApiVersions request (what every Kafka client sends first), and looks at the answer's
 * first bytes.
 */
final class ListenerProbe {

    private static final int TIMEOUT_MS = 2_000;

    /** ApiVersions v0: size 10, api key 18, version 0, correlation id 0, null client id. */
    private static final byte[] API_VERSIONS_V0 = {0, 0, 0, 10, 0, 18, 0, 0, 0, 0, 0, 0, -1, -1};

    /** A TLS record starts with its content type (21 = alert, 22 = handshake) and major version 3. */
    private static final int TLS_ALERT = 21;
    private static final int TLS_HANDSHAKE = 22;
    private static final int TLS_MAJOR_VERSION = 3;

    /** What answered at one address. */
    enum Answer { REFUSED, TLS, KAFKA, UNKNOWN }

    private ListenerProbe() {}

    /** The answer at each address of {@code bootstrapServers} ({@code host:port,host:port}). */
    static List<Answer> probe(String bootstrapServers) {
        List<Answer> answers = new ArrayList<>();
        for (String server : bootstrapServers.split(",")) {
            answers.add(probeOne(server.strip()));
        }
        return answers;
    }

    /** The answer at {@code host:port}. */
    static Answer probeOne(String server) {
        int colon = server.lastIndexOf(':');
        if (colon < 0) {
            return Answer.UNKNOWN; // not ours to judge: the client reports a malformed address itself
        }
        String host = server.substring(0, colon).replace("[", "").replace("]", "");
        int port;
        try {
            port = Integer.parseInt(server.substring(colon + 1));
        } catch (NumberFormatException e) {
            return Answer.UNKNOWN;
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), TIMEOUT_MS);
            socket.setSoTimeout(TIMEOUT_MS);
            socket.getOutputStream().write(API_VERSIONS_V0);
            socket.getOutputStream().flush();
            return classify(readUpTo(socket.getInputStream(), 2));
        } catch (ConnectException e) {
            return Answer.REFUSED;
        } catch (IOException e) {
            return Answer.UNKNOWN; // unknown host, a timeout, a reset: the client's own error says it
        }
    }

    /** Tells a TLS record from a Kafka response by the first bytes of the answer to ApiVersions. */
    static Answer classify(byte[] first) {
        if (first.length < 2) {
            return Answer.UNKNOWN;
        }
        boolean tlsRecord = (first[0] == TLS_ALERT || first[0] == TLS_HANDSHAKE) && first[1] == TLS_MAJOR_VERSION;
        // a Kafka response starts with its size: a 4-byte big-endian int far below 2^24
        return tlsRecord ? Answer.TLS : first[0] == 0 ? Answer.KAFKA : Answer.UNKNOWN;
    }

    private static byte[] readUpTo(InputStream in, int count) throws IOException {
        byte[] bytes = new byte[count];
        int read = 0;
        while (read < count) {
            int n = in.read(bytes, read, count - read);
            if (n < 0) {
                break;
            }
            read += n;
        }
        return java.util.Arrays.copyOf(bytes, read);
    }
}
