package io.mmstream.streams.artifacts;

import io.mmstream.models.videobert.ModelStore;
import io.mmstream.streams.topics.Topics;
import io.mmstream.tokenizer.kmeans.CodebookStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;

/**
 * Publishes the files of a codebook or model version on {@code mm.artifacts} so that every instance's
 * {@link ArtifactMirror} copies them: each file as chunks then its manifest, the {@code CURRENT}
 * pointer last, all in one transaction (a reader sees the whole version or nothing of it).
 */
public final class ArtifactPublisher {

    /** What one publication sent. */
    public record Published(int files, long bytes, int records, double seconds) {}

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
        return publish(List.of(file, file.resolveSibling("CURRENT")));
    }

    /**
     * Publishes model {@code version} of {@code store}: its trained model folder and the files beside it
     * (run state, loss history; not the checkpoints), then the store's {@code CURRENT}.
     */
    public Published publishModel(ModelStore store, String version) throws IOException {
        Path run = store.runFolder(version).toAbsolutePath();
        List<Path> files = new ArrayList<>();
        try (var model = Files.walk(store.modelFolder(version).toAbsolutePath())) {
            model.filter(Files::isRegularFile).sorted().forEach(files::add);
        }
        try (var beside = Files.list(run)) {
            beside.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().endsWith(".tmp")).sorted()
                    .forEach(files::add);
        }
        files.add(store.folder().toAbsolutePath().resolve("CURRENT"));
        return publish(files);
    }

    /** Publishes {@code files} (under the data dir) in this order, in one transaction. */
    public Published publish(List<Path> files) throws IOException {
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
        return new Published(files.size(), bytes, records[0], (System.nanoTime() - started) / 1e9);
    }

    private static void send(Producer<byte[], byte[]> producer, String key, byte[] value) {
        producer.send(new ProducerRecord<>(Topics.ARTIFACTS.name(), 0, Topics.ARTIFACTS.keySerde().serializer()
                .serialize(Topics.ARTIFACTS.name(), key), value));
    }
}
