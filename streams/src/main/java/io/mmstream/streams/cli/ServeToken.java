package io.mmstream.streams.cli;

import io.mmstream.streams.serve.BearerAuth;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Where {@code serve}'s bearer token comes from: {@code --token-file}, else {@value #ENV}, else none. */
final class ServeToken {

    /** The environment variable that holds the token when no file is given. */
    static final String ENV = "MMSTREAM_TOKEN";

    private ServeToken() {}

    /**
     * The token check configured by {@code file} (its first line; it wins) or {@code env}'s {@value #ENV},
     * or null when neither gives one; throws, naming the file, when the file is unreadable or empty.
     */
    static BearerAuth configured(Path file, Map<String, String> env) {
        if (file != null) {
            List<String> lines;
            try {
                lines = Files.readAllLines(file);
            } catch (IOException | RuntimeException e) {
                throw new IllegalArgumentException(file + ": cannot read the token file: " + e.getMessage());
            }
            String token = lines.isEmpty() ? "" : lines.get(0).strip();
            if (token.isEmpty()) {
                throw new IllegalArgumentException(file + ": the token file is empty (the token is its first line)");
            }
            return new BearerAuth(token);
        }
        String token = env.get(ENV);
        return token == null || token.isBlank() ? null : new BearerAuth(token.strip());
    }

    /** True when {@code bind} is a loopback address (only this machine can connect). */
    static boolean isLoopback(String bind) {
        try {
            return InetAddress.getByName(bind).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
