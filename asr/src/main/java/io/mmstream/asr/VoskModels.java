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
     */
    public static Path withShorterEndpoints(Path model, Path cacheDir, double scale) {
        java.util.regex.Pattern rule = java.util.regex.Pattern.compile("^(--endpoint\\.rule[234]\\.min-trailing-silence=)([0-9.]+)$");
        return view(model, cacheDir, "endpoints-" + Math.round(scale * 100), lines -> lines.stream().map(line -> {
            java.util.regex.Matcher m = rule.matcher(line.strip());
            return m.matches()
                    ? m.group(1) + String.format(java.util.Locale.ROOT, "%.2f", Double.parseDouble(m.group(2)) * scale)
                    : line;
        }).toList());
    }

    /** Acoustic frames (10 ms each) the network computes at once in {@link #forFiles}; Kaldi's default is 20. */
    public static final int FILE_FRAMES_PER_CHUNK = 99;

    /**
     * A view of {@code model} for recognising files: the acoustic network runs over chunks of 99
     * frames (a second of audio) instead of Kaldi's 20. Larger matrix products cost less CPU for the
     * same words (bench/vosk-chunks.sh, docs/benchmarks.md); partial results come up to a second
     * later, which files never show. Live captions keep the model's own chunks.
     */
    public static Path forFiles(Path model, Path cacheDir) {
        return withFramesPerChunk(model, cacheDir, FILE_FRAMES_PER_CHUNK);
    }

    /** A view of {@code model} whose acoustic network computes {@code frames} frames at once. */
    public static Path withFramesPerChunk(Path model, Path cacheDir, int frames) {
        if (frames < 1) {
            throw new IllegalArgumentException("frames per chunk must be at least 1, got " + frames);
        }
        return view(model, cacheDir, "chunks-" + frames, lines -> {
            List<String> edited = new ArrayList<>(lines.stream().filter(l -> !l.strip().startsWith("--frames-per-chunk=")).toList());
            edited.add("--frames-per-chunk=" + frames);
            return edited;
        });
    }

    /**
     * A folder under {@code cacheDir} named after {@code model} and {@code suffix} that links to the
     * model's files, with its own {@code conf/model.conf} edited by {@code editConf}; the model itself
     * is not copied.
     */
    private static Path view(Path model, Path cacheDir, String suffix, java.util.function.UnaryOperator<List<String>> editConf) {
        Path view = cacheDir.resolve(model.getFileName() + "-" + suffix);
        try {
            Path conf = Files.createDirectories(view.resolve("conf"));
            try (var entries = Files.list(model)) {
                for (Path entry : entries.toList()) {
                    if (!entry.getFileName().toString().equals("conf")) {
                        linkOnce(view.resolve(entry.getFileName().toString()), entry);
                    }
                }
            }
            try (var entries = Files.list(model.resolve("conf"))) {
                for (Path entry : entries.toList()) {
                    if (!entry.getFileName().toString().equals("model.conf")) {
                        linkOnce(conf.resolve(entry.getFileName().toString()), entry);
                    }
                }
            }
            List<String> lines = editConf.apply(Files.readAllLines(model.resolve("conf/model.conf")));
            Path current = conf.resolve("model.conf");
            if (Files.exists(current) && Files.readAllLines(current).equals(lines)) {
                return view; // made by an earlier command
            }
            Path tmp = Files.createTempFile(conf, "model.conf", ".tmp");
            Files.write(tmp, lines);
            Files.move(tmp, current, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return view;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make the " + suffix + " view of the Vosk model under " + cacheDir, e);
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
