package io.mmstream.asr;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.vosk.LibVosk;
import org.vosk.Model;

/**
 * Finds the small US English Vosk model that the build unpacked onto the classpath, and loads it once.
 *
 * <p>From {@code target/classes} the model folder is used where it is; from a jar it is copied once
 * into a cache folder, since Kaldi reads its model from the file system.
 */
public final class VoskModels {

    /** The model's version: the Maven artifact {@code com.alphacephei:vosk-model-en}. */
    public static final String SMALL_EN_VERSION = "0.3.45";

    /** Kaldi's verbosity for errors alone (-1 adds warnings, 0 information). */
    private static final int KALDI_ERRORS_ONLY = -2;

    private static final String RESOURCE = "/io/mmstream/asr/model-en-us/";
    private static final Map<Path, Model> LOADED = new ConcurrentHashMap<>();

    private VoskModels() {}

    /** The folder of the small English model, extracting it under {@code cacheDir} if it is in a jar. */
    public static Path smallEnglish(Path cacheDir) {
        URL listing = VoskModels.class.getResource(RESOURCE + "FILES");
        if (listing == null) {
            throw new IllegalStateException("the Vosk model is not on the classpath (build the asr module with Maven)");
        }
        try {
            if (listing.getProtocol().equals("file")) {
                return Path.of(listing.toURI()).getParent();
            }
            return extract(listing, cacheDir.resolve("vosk-model-en-us-" + SMALL_EN_VERSION));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot extract the Vosk model into " + cacheDir, e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A view of {@code model} that ends utterances after shorter pauses, for live captions: Kaldi's
     * endpoint rules 2, 3 and 4 (trailing silence after a likely, a possible and any sentence end:
     * 0.5, 0.75 and 1.0 s in the small English model) scaled by {@code scale}. Final cues then come
     * sooner after the speaker stops, at the cost of cutting utterances at shorter pauses.
     *
     * <p>The view is a folder under {@code cacheDir} linking to the model's files, with its own
     * {@code conf/model.conf}; the model itself is not copied.
     */
    public static Path withShorterEndpoints(Path model, Path cacheDir, double scale) {
        Path view = cacheDir.resolve(model.getFileName() + "-endpoints-" + Math.round(scale * 100));
        try {
            Path conf = Files.createDirectories(view.resolve("conf"));
            try (var entries = Files.list(model)) {
                for (Path entry : entries.toList()) {
                    Path link = view.resolve(entry.getFileName().toString());
                    if (!entry.getFileName().toString().equals("conf")) {
                        linkOnce(link, entry);
                    }
                }
            }
            try (var entries = Files.list(model.resolve("conf"))) {
                for (Path entry : entries.toList()) {
                    Path link = conf.resolve(entry.getFileName().toString());
                    if (!entry.getFileName().toString().equals("model.conf")) {
                        linkOnce(link, entry);
                    }
                }
            }
            List<String> lines = new ArrayList<>();
            for (String line : Files.readAllLines(model.resolve("conf/model.conf"))) {
                java.util.regex.Matcher m = java.util.regex.Pattern
                        .compile("^(--endpoint\\.rule[234]\\.min-trailing-silence=)([0-9.]+)$").matcher(line.strip());
                lines.add(m.matches()
                        ? m.group(1) + String.format(java.util.Locale.ROOT, "%.2f", Double.parseDouble(m.group(2)) * scale)
                        : line);
            }
            Path tmp = Files.createTempFile(conf, "model.conf", ".tmp");
            Files.write(tmp, lines);
            Files.move(tmp, conf.resolve("model.conf"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return view;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make the live view of the Vosk model under " + cacheDir, e);
        }
    }

    /** Links {@code link} to {@code target} unless it exists (another command may be making the same view). */
    private static void linkOnce(Path link, Path target) throws IOException {
        if (!Files.exists(link, LinkOption.NOFOLLOW_LINKS)) {
            try {
                Files.createSymbolicLink(link, target.toAbsolutePath());
            } catch (java.nio.file.FileAlreadyExistsException madeMeanwhile) {
                // the same link, made by a command started at the same time
            }
        }
    }

    /** The model at {@code folder}, loaded on first use and shared: Vosk models are thread-safe. */
    public static Model load(Path folder) {
        return LOADED.computeIfAbsent(folder.toAbsolutePath(), path -> {
            // Kaldi errors only: its warnings (words without alignment at a cut, ...) tell users nothing
            LibVosk.vosk_set_log_level(KALDI_ERRORS_ONLY);
            try {
                return new Model(path.toString());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot load the Vosk model at " + path, e);
            }
        });
    }

    private static Path extract(URL listing, Path target) throws IOException {
        Path done = target.resolve(".complete");
        if (Files.exists(done)) {
            return target;
        }
        List<String> files;
        try (InputStream in = listing.openStream()) {
            files = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines()
                    .map(String::strip).filter(s -> !s.isEmpty()).toList();
        }
        // a staging folder of this process's own: commands started together on one data dir each extract,
        // and the first to finish puts its copy in place
        Path staging = Files.createTempDirectory(Files.createDirectories(target.getParent()), target.getFileName() + ".partial-");
        for (String file : files) {
            Path out = staging.resolve(file);
            Files.createDirectories(out.getParent());
            try (InputStream in = VoskModels.class.getResourceAsStream(RESOURCE + file)) {
                if (in == null) {
                    throw new IOException("model file missing from the jar: " + file);
                }
                Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Files.createFile(staging.resolve(".complete"));
        if (Files.exists(target) && !Files.exists(done)) {
            deleteTree(target);
        }
        try {
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (java.nio.file.FileSystemException another) {
            if (!Files.exists(done)) {
                throw another;
            }
            // another command put its complete copy in place first
            deleteTree(staging);
        }
        return target;
    }

    private static void deleteTree(Path root) throws IOException {
        try (var walk = Files.walk(root)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
