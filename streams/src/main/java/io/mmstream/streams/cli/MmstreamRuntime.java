package io.mmstream.streams.cli;

import io.mmstream.asr.Transcriber;
import io.mmstream.asr.VoskModels;
import io.mmstream.asr.VoskTranscriber;
import io.mmstream.streams.captions.CaptionTopology;
import io.mmstream.streams.kafka.KafkaCluster;
import io.mmstream.streams.kafka.KafkaUnavailableException;
import io.mmstream.streams.kafka.RecordSender;
import io.mmstream.streams.topics.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vosk.Model;

/**
 * What a command runs on: the Kafka cluster (embedded under the data dir, or external), the topics,
 * the speech model, and the captioning topology once started.
 */
final class MmstreamRuntime implements AutoCloseable {

    private static final Duration STREAMS_START_TIMEOUT = Duration.ofSeconds(90);
    private static final Logger LOG = LoggerFactory.getLogger(MmstreamRuntime.class);
    private static final long STARTED = System.nanoTime();

    private final Path dataDir;
    private final KafkaCluster cluster;
    private final String processingGuarantee;
    private final AtomicReference<Throwable> streamsFailure = new AtomicReference<>();
    private final CompletableFuture<Model> speechModel;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();
    private final Thread closeOnExit = new Thread(this::close, "mmstream-shutdown");
    private KafkaStreams captions;

    private MmstreamRuntime(Path dataDir, KafkaCluster cluster, String processingGuarantee, CompletableFuture<Model> speechModel) {
        this.dataDir = dataDir;
        this.cluster = cluster;
        this.processingGuarantee = processingGuarantee;
        this.speechModel = speechModel;
        // Ctrl-C: leave the consumer group and stop the broker cleanly, so the next command starts fast
        Runtime.getRuntime().addShutdownHook(closeOnExit);
    }

    /** Opens the cluster and creates any missing topic. */
    static MmstreamRuntime open(GlobalOptions options) throws Exception {
        Path dataDir = options.dataDir().toAbsolutePath();
        Files.createDirectories(dataDir);
        // the speech model loads while the broker starts: both take about half a second of one core
        CompletableFuture<Model> speechModel = CompletableFuture.supplyAsync(
                () -> VoskModels.load(VoskModels.smallEnglish(dataDir.resolve("cache"))));
        KafkaCluster cluster;
        try {
            cluster = KafkaCluster.open(options.bootstrapServers(), dataDir);
        } catch (RuntimeException e) {
            // nothing may keep running after a command returns: let the model load finish first
            speechModel.handle((model, failure) -> null).join();
            throw e;
        }
        try {
            cluster.ensureTopics(Topics.all());
        } catch (KafkaUnavailableException e) {
            cluster.close();
            speechModel.handle((model, failure) -> null).join();
            throw e;
        }
        phase("kafka ready at " + cluster.bootstrapServers());
        return new MmstreamRuntime(dataDir, cluster, options.processingGuarantee(), speechModel);
    }

    /** Logs how long after start a phase ended (enable with -Dorg.slf4j.simpleLogger.log.io.mmstream=info). */
    static void phase(String what) {
        LOG.info("{} ms: {}", (System.nanoTime() - STARTED) / 1_000_000, what);
    }

    KafkaCluster cluster() {
        return cluster;
    }

    /** A sender for ingest: lz4 like the media topics, requests big enough for the largest frame. */
    RecordSender ingestSender() {
        return new RecordSender(cluster.producerConfig("mmstream-ingest", "lz4", Topics.FRAME_MAX_MESSAGE_BYTES));
    }

    /**
     * Starts speech recognition and captioning, and waits until it runs; {@code partials} asks for
     * partial results as speech forms (live use), at some cost in recognition time.
     */
    void startCaptioning(boolean partials) throws InterruptedException {
        Model model;
        try {
            model = speechModel.join();
        } catch (java.util.concurrent.CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
        phase("speech model loaded");
        Supplier<Transcriber> transcribers = () -> new VoskTranscriber(model, partials);
        captions = new KafkaStreams(CaptionTopology.topology(transcribers),
                CaptionTopology.streamsConfig(cluster.bootstrapServers(), dataDir.resolve("streams"), processingGuarantee));
        CountDownLatch running = new CountDownLatch(1);
        captions.setStateListener((now, before) -> {
            if (now == KafkaStreams.State.RUNNING || now == KafkaStreams.State.ERROR
                    || now == KafkaStreams.State.PENDING_ERROR) {
                running.countDown();
            }
        });
        captions.setUncaughtExceptionHandler(e -> {
            streamsFailure.compareAndSet(null, e);
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        captions.start();
        if (!running.await(STREAMS_START_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            throw new KafkaUnavailableException("captioning did not start within " + STREAMS_START_TIMEOUT.toSeconds() + " s", null);
        }
        checkCaptioning();
        phase("captioning running");
    }

    /** Throws when the captioning topology has stopped. */
    void checkCaptioning() {
        Throwable failure = streamsFailure.get();
        KafkaStreams.State state = captions.state();
        if (failure != null || state == KafkaStreams.State.ERROR || state == KafkaStreams.State.PENDING_ERROR
                || state == KafkaStreams.State.NOT_RUNNING) {
            throw new KafkaUnavailableException("captioning stopped (" + state + ")"
                    + (failure == null ? "" : ": " + failure.getMessage()), failure);
        }
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (Thread.currentThread() != closeOnExit) {
            try {
                Runtime.getRuntime().removeShutdownHook(closeOnExit);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is already exiting; the hook will find this runtime closed
            }
        }
        if (captions != null) {
            phase("closing captioning");
            captions.close(Duration.ofSeconds(30));
            phase("captioning closed");
        }
        cluster.close();
        phase("kafka closed");
    }
}
