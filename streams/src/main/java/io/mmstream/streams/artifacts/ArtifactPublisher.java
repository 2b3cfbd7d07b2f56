package io.mmstream.streams.artifacts;

import io.mmstream.models.videobert.ModelStore;
import io.mmstream.streams.topics.Topics;
import io.mmstream.tokenizer.kmeans.CodebookStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;

/**
 * Publishes the files of a codebook or model version on {@code mm.artifacts} so that every instance's
 * {@link ArtifactMirror} copies them: each file as chunks then its manifest, the {@code CURRENT}
 * pointer last, all in one transaction (a reader sees the whole version or nothing of it).
 *
 * <p>The same transaction withdraws the store's older versions beyond the newest {@link #VERSIONS_KEPT}
 * (the current one stays, whatever its age): tombstones for their chunks and manifests, so compaction
 * frees their space and a new instance no longer copies every version ever trained. Instances keep
 * the copies they have. Only versions this data dir holds are withdrawn; an instance that lacks some
 * leaves them to a later publication from one that has them.
 */
public final class ArtifactPublisher {

    /** What one publication sent: files, bytes and records of the new version, and how many older versions it withdrew. */
    public record Published(int files, long bytes, int records, double seconds, int withdrawn) {}

    /** How many versions of a codebook or model store stay on {@code mm.artifacts}. */
    public static final int VERSIONS_KEPT = 3;

    /** The time stamp in a version's name ({@code cb-20261130-101626-2x3-s42}, {@code videobert-tiny-20261130-101638-s42}). */
    private static final Pattern STAMP = Pattern.compile("\\d{8}-\\d{6}");

    private final Map<String, Object> producerConfig;
    private final Path dataDir;
    private final ArtifactChunker chunker = new ArtifactChunker(Topics.ARTIFACT_CHUNK_BYTES);

    /**
     * A publisher of the files under {@code dataDir}, producing with {@code producerConfig} (byte
     * serializers, requests big enough for a chunk: see {@link Topics#ARTIFACT_CHUNK_BYTES}).
     */
    public ArtifactPublisher(Map<String, Object> producerConfig, Path dataDir) {
        this.producerConfig = producerConfig;
        this.dataDir = dataDir.toAbsolutePath();
    }

    /** Publishes codebook {@code version} of {@code store} (under this data dir) and the store's {@code CURRENT}. */
    public Published publishCodebook(CodebookStore store, String version) throws IOException {
        Path file = store.file(version).toAbsolutePath();
        List<List<Path>> withdrawn = new ArrayList<>();
        for (String old : staleVersions(store.versions(), store.current(), version)) {
            withdrawn.add(List.of(store.file(old).toAbsolutePath()));
        }
        return publish(List.of(file, file.resolveSibling("CURRENT")), withdrawn);
    }

    /**
     * Publishes model {@code version} of {@code store}: its trained model folder and the files beside it
     * (run state, loss history; not the checkpoints), then the store's {@code CURRENT}.
     */
    public Published publishModel(ModelStore store, String version) throws IOException {
        List<Path> files = new ArrayList<>(modelFiles(store, version));
        files.add(store.folder().toAbsolutePath().resolve("CURRENT"));
        List<String> finished = store.versions().stream().filter(ModelStore.Version::done).map(ModelStore.Version::version).toList();
        List<List<Path>> withdrawn = new ArrayList<>();
        for (String old : staleVersions(finished, store.current(), version)) {
            withdrawn.add(modelFiles(store, old));
        }
        return publish(files, withdrawn);
    }

    /** The files of model {@code version} that travel: its model folder, and the files beside it but for partial ones. */
    private static List<Path> modelFiles(ModelStore store, String version) throws IOException {
        List<Path> files = new ArrayList<>();
        Path model = store.modelFolder(version).toAbsolutePath();
        if (Files.isDirectory(model)) {
            try (var walk = Files.walk(model)) {
                walk.filter(Files::isRegularFile).sorted().forEach(files::add);
            }
        }
        try (var beside = Files.list(store.runFolder(version).toAbsolutePath())) {
            beside.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().endsWith(".tmp")).sorted()
                    .forEach(files::add);
        }
        return files;
    }

    /**
     * The versions to withdraw: all but the newest {@link #VERSIONS_KEPT} by the time stamp in their
     * names, the current one and the one just published. A name without a stamp is never withdrawn.
     */
    static List<String> staleVersions(List<String> versions, String current, String published) {
        List<String> dated = versions.stream().filter(v -> stamp(v) != null)
                .sorted(Comparator.comparing(ArtifactPublisher::stamp).thenComparing(Comparator.naturalOrder())).toList();
        Set<String> kept = new HashSet<>(dated.subList(Math.max(0, dated.size() - VERSIONS_KEPT), dated.size()));
        kept.add(current);
        kept.add(published);
        return dated.stream().filter(v -> !kept.contains(v)).toList();
    }

    private static String stamp(String version) {
        Matcher m = STAMP.matcher(version);
        return m.find() ? m.group() : null;
    }

    /** Publishes {@code files} (under the data dir) in this order, in one transaction. */
    public Published publish(List<Path> files) throws IOException {
        return publish(files, List.of());
    }

    /**
     * Publishes {@code files} (under the data dir) in this order and withdraws the files of each version
     * of {@code withdrawn}, in one transaction.
     */
    public Published publish(List<Path> files, List<List<Path>> withdrawn) throws IOException {
        long started = System.nanoTime();
        List<String> paths = new ArrayList<>();
        for (Path file : files) {
            if (!Files.isRegularFile(file)) {
                throw new IOException(file + ": no such file to publish");
            }
            paths.add(ArtifactKeys.relative(dataDir, file));
        }
        Map<String, Object> config = new HashMap<>(producerConfig);
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "mmstream-artifacts-" + UUID.randomUUID());
        config.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 300_000);
        long bytes = 0;
        int[] records = {0};
        try (Producer<byte[], byte[]> producer = new KafkaProducer<>(config)) {
            producer.initTransactions();
            producer.beginTransaction();
            try {
                for (int i = 0; i < files.size(); i++) {
                    String path = paths.get(i);
                    ArtifactManifest manifest = chunker.cut(files.get(i), path, (index, chunk) -> {
                        send(producer, ArtifactKeys.chunk(path, index), chunk);
                        records[0]++;
                    });
                    send(producer, path, manifest.encode());
                    records[0]++;
                    bytes += manifest.size();
                }
                for (List<Path> version : withdrawn) {
                    for (Path file : version) {
                        records[0] += withdraw(producer, file);
                    }
                }
                producer.commitTransaction();
            } catch (IOException | KafkaException e) {
                try {
                    producer.abortTransaction();
                } catch (KafkaException ignored) {
                    // the broker is gone: the open transaction times out and readers never see it
                }
                throw e;
            }
        }
        return new Published(files.size(), bytes, records[0], (System.nanoTime() - started) / 1e9, withdrawn.size());
    }

    /** Sends tombstones for every chunk of {@code file} and its manifest; returns how many. */
    private int withdraw(Producer<byte[], byte[]> producer, Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return 0;
        }
        String path = ArtifactKeys.relative(dataDir, file);
        long chunks = Math.max(1, (Files.size(file) + Topics.ARTIFACT_CHUNK_BYTES - 1) / Topics.ARTIFACT_CHUNK_BYTES);
        for (int i = 0; i < chunks; i++) {
            send(producer, ArtifactKeys.chunk(path, i), null);
        }
        send(producer, path, null);
        return (int) chunks + 1;
    }

    private static void send(Producer<byte[], byte[]> producer, String key, byte[] value) {
        producer.send(new ProducerRecord<>(Topics.ARTIFACTS.name(), 0, Topics.ARTIFACTS.keySerde().serializer()
                .serialize(Topics.ARTIFACTS.name(), key), value));
    }
}
