package io.mmstream.ingest;

import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

/** Tells local files from network URLs and turns what the user typed into what FFmpeg opens. */
public final class MediaLocations {

    private static final Set<String> NETWORK = Set.of(
            "http", "https", "udp", "rtp", "rtsp", "rtsps", "rtmp", "rtmps", "tcp", "tls", "srt", "hls", "ftp", "mms", "mmsh");

    private MediaLocations() {}

    /** The URL scheme in lower case, or null for a plain path. */
    public static String scheme(String input) {
        int colon = input.indexOf("://");
        if (colon <= 0) {
            return null;
        }
        String scheme = input.substring(0, colon);
        return scheme.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '+' || c == '-' || c == '.')
                ? scheme.toLowerCase(Locale.ROOT)
                : null;
    }

    /** Whether FFmpeg reaches {@code input} over a network protocol. */
    public static boolean isNetwork(String input) {
        String scheme = scheme(input);
        return scheme != null && NETWORK.contains(scheme);
    }

    /** The local file {@code input} names, or null when it is a URL of another scheme. */
    public static Path localPath(String input) {
        String scheme = scheme(input);
        if (scheme == null) {
            return Path.of(input);
        }
        return scheme.equals("file") ? Path.of(URI.create(input)) : null;
    }

    /** What to hand FFmpeg: local files as absolute paths, URLs unchanged. */
    static String forFfmpeg(String input) {
        Path path = localPath(input);
        return path == null ? input : path.toAbsolutePath().toString();
    }

    /** {@link #baseName} with every character but letters, digits, '.', '_' and '-' made '_' (ids, file names). */
    public static String safeBaseName(String input) {
        return baseName(input).replaceAll("[^A-Za-z0-9._-]", "_");
    }

    /** A short name for the source: a file's base name, or the URL's last path segment or host. */
    public static String baseName(String input) {
        Path path = localPath(input);
        String name;
        if (path != null) {
            name = path.getFileName() == null ? input : path.getFileName().toString();
        } else {
            String rest = input.substring(input.indexOf("://") + 3);
            int query = rest.indexOf('?');
            rest = query < 0 ? rest : rest.substring(0, query);
            rest = rest.endsWith("/") ? rest.substring(0, rest.length() - 1) : rest;
            if (rest.indexOf('/') < 0) {
                return rest; // a bare host:port names a stream, not a file: no extension to strip
            }
            name = rest.substring(rest.lastIndexOf('/') + 1);
        }
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
