package io.mmstream.ingest.imagetext;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Reads an image's bytes from a file or an http(s) URL, refusing empty and oversized ones before
 * they are read whole, with the set's timeout on the network.
 */
final class ImageSources implements AutoCloseable {

    private final ImageTextOptions options;
    private HttpClient http;

    ImageSources(ImageTextOptions options) {
        this.options = options;
    }

    /** Whether {@code reference} (a manifest's path column) is an http(s) URL. */
    static boolean isUrl(String reference) {
        String lower = reference.toLowerCase(Locale.ROOT);
        return lower.startsWith("http://") || lower.startsWith("https://");
    }

    /** The bytes of the image file {@code file}. */
    byte[] file(Path file) throws ItemProblem {
        try {
            long size = Files.size(file);
            checkSize(size);
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ItemProblem("no such file: " + file);
        } catch (AccessDeniedException e) {
            throw new ItemProblem("permission denied: " + file);
        } catch (IOException e) {
            throw new ItemProblem("cannot read " + file + ": " + e.getMessage());
        }
    }

    /** The bytes of {@code stream}, of {@code declaredSize} bytes (-1: unknown), read up to the size limit. */
    byte[] stream(InputStream stream, long declaredSize) throws ItemProblem, IOException {
        if (declaredSize >= 0) {
            checkSize(declaredSize);
        }
        byte[] bytes = stream.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, options.maxFileBytes() + 1));
        checkSize(bytes.length);
        return bytes;
    }

    /** The bytes at the http(s) URL {@code url}. */
    byte[] url(String url) throws ItemProblem {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new ItemProblem("not a valid URL: " + e.getMessage());
        }
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(options.timeout()).GET().build();
        try {
            HttpResponse<InputStream> response = client().send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                if (response.statusCode() / 100 != 2) {
                    throw new ItemProblem("cannot fetch: the server answered HTTP error " + response.statusCode());
                }
                return stream(body, response.headers().firstValueAsLong("Content-Length").orElse(-1));
            }
        } catch (HttpTimeoutException e) {
            throw new ItemProblem("cannot fetch: timed out after " + options.timeout().toSeconds() + " s");
        } catch (java.net.ConnectException e) {
            throw new ItemProblem("cannot fetch: connection refused");
        } catch (IOException e) {
            throw new ItemProblem("cannot fetch: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ItemProblem("cannot fetch: interrupted");
        }
    }

    private void checkSize(long size) throws ItemProblem {
        if (size == 0) {
            throw new ItemProblem("empty file");
        }
        if (size > options.maxFileBytes()) {
            throw new ItemProblem(String.format(Locale.ROOT, "file too large: %s (over %s)", megabytes(size),
                    megabytes(options.maxFileBytes())));
        }
    }

    private static String megabytes(long bytes) {
        return bytes % 1048576 == 0 ? bytes / 1048576 + " MB" : String.format(Locale.ROOT, "%.1f MB", bytes / 1048576.0);
    }

    private synchronized HttpClient client() {
        if (http == null) {
            http = HttpClient.newBuilder().connectTimeout(options.timeout()).followRedirects(HttpClient.Redirect.NORMAL).build();
        }
        return http;
    }

    @Override
    public void close() {
        // HttpClient (Java 17) has no close; its threads end with it once unreachable
        http = null;
    }
}
