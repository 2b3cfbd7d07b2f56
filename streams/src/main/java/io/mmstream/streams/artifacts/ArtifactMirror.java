package io.mmstream.streams.artifacts;

import io.mmstream.streams.kafka.KafkaUnavailableException;
import io.mmstream.streams.topics.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies the codebooks and models published on {@code mm.artifacts} into this instance's data dir:
 * {@link #catchUp} reads the topic from its beginning to its current end, then {@link #follow} keeps
 * reading in a daemon thread, so a version trained later elsewhere reaches running topologies (they
 * reload on a changed {@code CURRENT}). Reads committed records only, with no consumer group.
 */
public final class ArtifactMirror implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ArtifactMirror.class);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration IDLE_LIMIT = Duration.ofSeconds(60);
    private static final int FETCH_BYTES = 16 * 1024 * 1024;

    /** What a catch-up did. */
    public record CatchUp(long records, int written, long writtenBytes, int identical, int refused, double seconds) {}

    private final Consumer<byte[], byte[]> consumer;
    private final ArtifactAssembler assembler;
    private final TopicPartition partition = new TopicPartition(Topics.ARTIFACTS.name(), 0);
    private volatile boolean closing;
    private Thread follower;

    /** A mirror into {@code dataDir} reading with {@code readerConfig} (byte deserializers, read_committed, no group). */
    public ArtifactMirror(Map<String, Object> readerConfig, Path dataDir) {
        Map<String, Object> config = new java.util.HashMap<>(readerConfig);
        // one 1 MiB chunk per fetch would cost a round trip each: fetch a few at once
        config.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, FETCH_BYTES);
        this.consumer = new KafkaConsumer<>(config);
        this.assembler = new ArtifactAssembler(dataDir.toAbsolutePath());
        consumer.assign(List.of(partition));
        consumer.seekToBeginning(List.of(partition));
    }

    /** Reads the topic up to the end it has now and writes every complete file; returns what it did. */
    public synchronized CatchUp catchUp() {
        long started = System.nanoTime();
        long end = consumer.endOffsets(List.of(partition), Duration.ofSeconds(30)).get(partition);
        long records = 0;
        int[] counts = new int[ArtifactAssembler.Outcome.values().length];
        long[] writtenBytes = {0};
        java.util.function.Consumer<ArtifactAssembler.Result> tally = result -> {
            counts[result.outcome().ordinal()]++;
            writtenBytes[0] += result.outcome() == ArtifactAssembler.Outcome.WRITTEN ? result.bytes() : 0;
        };
        long idleSince = System.nanoTime();
        assembler.holdSmallFiles();
        try {
            while (consumer.position(partition, Duration.ofSeconds(30)) < end) {
                var batch = consumer.poll(POLL);
                if (batch.isEmpty()) {
                    if (System.nanoTime() - idleSince > IDLE_LIMIT.toNanos()) {
                        throw new KafkaUnavailableException("mirroring " + Topics.ARTIFACTS.name() + " made no progress for "
                                + IDLE_LIMIT.toSeconds() + " s", null);
                    }
                    continue;
                }
                idleSince = System.nanoTime();
                for (ConsumerRecord<byte[], byte[]> r : batch) {
                    records++;
                    ArtifactAssembler.Result result = accept(r);
                    if (result != null) {
                        tally.accept(result);
                    }
                }
            }
        } finally {
            // what was verified is written even when the catch-up ends early
            assembler.releaseHeld().forEach(tally);
        }
        return new CatchUp(records, counts[ArtifactAssembler.Outcome.WRITTEN.ordinal()], writtenBytes[0],
                counts[ArtifactAssembler.Outcome.IDENTICAL.ordinal()], counts[ArtifactAssembler.Outcome.REFUSED.ordinal()],
                (System.nanoTime() - started) / 1e9);
    }

    /** Keeps reading the topic in a daemon thread until {@link #close}. */
    public synchronized void follow() {
        if (follower != null) {
            return;
        }
        follower = new Thread(this::followLoop, "mmstream-artifact-mirror");
        follower.setDaemon(true);
        follower.start();
    }

    private void followLoop() {
        while (!closing) {
            try {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(POLL)) {
                    accept(r);
                }
            } catch (WakeupException e) {
                if (closing) {
                    return;
                }
            } catch (RuntimeException e) {
                // a broker away for a while: the consumer reconnects; say so and keep following
                LOG.warn("mm.artifacts: mirroring paused: {}", e.getMessage());
                sleepQuietly();
            }
        }
    }

    private ArtifactAssembler.Result accept(ConsumerRecord<byte[], byte[]> r) {
        String key = Topics.ARTIFACTS.keySerde().deserializer().deserialize(r.topic(), r.key());
        return key == null ? null : assembler.accept(key, r.value());
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops following (or a catch-up in progress) and closes the consumer. */
    @Override
    public void close() {
        closing = true;
        consumer.wakeup();
        Thread thread;
        // waits for a catch-up running in another thread: the wake-up ends it
        synchronized (this) {
            thread = follower;
        }
        if (thread != null) {
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (this) {
            assembler.close();
            consumer.close(Duration.ofSeconds(1));
        }
    }
}
