package io.mmstream.streams.cli;

import io.mmstream.asr.Transcriber;
import io.mmstream.asr.VoskModels;
import io.mmstream.asr.VoskTranscriber;
import io.mmstream.asr.speakers.SpeakerTurnTranscriber;
import io.mmstream.frames.ClipFeatureExtractors;
import io.mmstream.frames.ClipWindows;
import io.mmstream.streams.captions.CaptionTopology;
import io.mmstream.streams.clips.ClipTopology;
import io.mmstream.streams.kafka.KafkaCluster;
import io.mmstream.streams.kafka.KafkaUnavailableException;
import io.mmstream.streams.kafka.RecordSender;
import io.mmstream.streams.kafka.StreamsApp;
import io.mmstream.models.videobert.ModelStore;
import io.mmstream.streams.embeddings.EmbeddingTopology;
import io.mmstream.streams.embeddings.ModelSource;
import io.mmstream.streams.sequences.SequenceTopology;
import io.mmstream.streams.tokens.CodebookSource;
import io.mmstream.streams.tokens.TokenTopology;
import io.mmstream.streams.topics.Topics;
import io.mmstream.tokenizer.kmeans.CodebookStore;
import io.mmstream.tokenizer.text.WordPieceTokenizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.apache.kafka.streams.StreamsBuilder;
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
    /** Frames may arrive this late (media time) and still join their clip. */
    private static final long CLIP_GRACE_US = 2_000_000;
    private final CompletableFuture<Model> speechModel;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();
    private final Thread closeOnExit = new Thread(this::exit, "mmstream-shutdown");
    private volatile Runnable beforeExit = () -> {};
    // read by the HTTP threads of serve's status while commands start topologies
    private final List<StreamsApp> apps = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile StreamsApp captioning;
    private StreamsApp clips;
    private StreamsApp tokens;
    private StreamsApp sequences;
    private StreamsApp embeddings;
    private ModelSource modelSource;
    private StreamsApp index;
    private io.mmstream.index.text.TextEncoder encoder;
    private io.mmstream.streams.kafka.StateSlot stateSlot;
    private io.mmstream.streams.artifacts.ArtifactMirror artifactMirror;

    private MmstreamRuntime(Path dataDir, KafkaCluster cluster, String processingGuarantee, CompletableFuture<Model> speechModel) {
        this.dataDir = dataDir;
        this.cluster = cluster;
        this.processingGuarantee = processingGuarantee;
        this.speechModel = speechModel;
        // Ctrl-C: leave the consumer group and stop the broker cleanly, so the next command starts fast
        Runtime.getRuntime().addShutdownHook(closeOnExit);
    }

    /** Opens the cluster and creates any missing topic, loading the speech model meanwhile. */
    static MmstreamRuntime open(GlobalOptions options) throws Exception {
        return open(options, true);
    }

    /**
     * Opens the cluster and creates any missing topic; with {@code speech}, the speech model for files
     * ({@link VoskModels#forFiles}) loads while the broker starts (both take about half a second of one
     * core). Commands that never recognise speech (codebook) pass false and skip the load.
     */
    static MmstreamRuntime open(GlobalOptions options, boolean speech) throws Exception {
        return open(options, speech ? cache -> VoskModels.forFiles(VoskModels.smallEnglish(cache), cache) : null);
    }

    /**
     * Opens the runtime for live captions: its speech model ends utterances after pauses 0.6 times
     * as long as the model's own (final cues about 0.2 s sooner; see {@link VoskModels#withShorterEndpoints}).
     */
    static MmstreamRuntime openLive(GlobalOptions options) throws Exception {
        return open(options, cache -> VoskModels.withShorterEndpoints(VoskModels.smallEnglish(cache), cache, LIVE_ENDPOINT_SCALE));
    }

    /** Live utterances end after 0.3 s of trailing silence where the model's rules say 0.5 s. */
    private static final double LIVE_ENDPOINT_SCALE = 0.6;

    private static MmstreamRuntime open(GlobalOptions options, java.util.function.Function<Path, Path> speechModelFolder)
            throws Exception {
        Path dataDir = options.dataDir().toAbsolutePath();
        Files.createDirectories(dataDir);
        CompletableFuture<Model> speechModel = speechModelFolder != null
                ? CompletableFuture.supplyAsync(() -> VoskModels.load(speechModelFolder.apply(dataDir.resolve("cache"))))
                : CompletableFuture.failedFuture(new IllegalStateException("this command opened mmstream without speech"));
        KafkaCluster cluster;
        try {
            cluster = KafkaCluster.open(options.bootstrapServers(), dataDir, options.invocation, options.clientSettings());
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

    /**
     * Runs {@code drain} first when the JVM is asked to exit (Ctrl-C) while this runtime is open: a
     * command ends its inputs there and waits until their last words are out, then the runtime closes.
     */
    void beforeExit(Runnable drain) {
        this.beforeExit = drain;
    }

    private void exit() {
        try {
            beforeExit.run();
        } finally {
            close();
        }
    }

    KafkaCluster cluster() {
        return cluster;
    }

    /** The data dir, absolute. */
    Path dataDir() {
        return dataDir;
    }

    /** A sender for ingest: lz4 like the media topics, requests big enough for the largest frame. */
    RecordSender ingestSender() {
        return new RecordSender(cluster.producerConfig("mmstream-ingest", "lz4", Topics.FRAME_MAX_MESSAGE_BYTES),
                () -> cluster.lost() != null);
    }

    /** Starts recognising and captioning files ({@link CaptionTopology.Mode#FILE}), and waits until it runs. */
    void startCaptioning() throws InterruptedException {
        startCaptioning(CaptionTopology.Mode.FILE);
    }

    /**
     * Starts captioning live streams ({@link CaptionTopology.Mode#LIVE}): partial results, commits
     * every 50 ms, and the pending words of a stalled stream finalised after a second.
     */
    void startLiveCaptioning() throws InterruptedException {
        startCaptioning(CaptionTopology.Mode.LIVE);
    }

    private void startCaptioning(CaptionTopology.Mode mode) throws InterruptedException {
        Model model;
        try {
            model = speechModel.join();
        } catch (java.util.concurrent.CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
        phase("speech model loaded");
        // files are captioned whole: no partial results, which spares Vosk the partial decoding
        boolean partials = mode == CaptionTopology.Mode.LIVE;
        // cues end where the speaker changes: a detector listens beside the recogniser
        Supplier<Transcriber> transcribers = () -> new SpeakerTurnTranscriber(new VoskTranscriber(model, partials));
        captioning = StreamsApp.start("captioning", CaptionTopology.topology(transcribers, mode,
                        cluster.readerConfig("mmstream-audio-rewind")),
                cluster.streamsConfig(CaptionTopology.streamsConfig(cluster.bootstrapServers(), stateDir(), processingGuarantee, mode)),
                STREAMS_START_TIMEOUT);
        apps.add(captioning);
        phase("captioning running");
    }

    /**
     * The {@code mm.audio} partitions each local recognising thread holds now, a list per thread; empty
     * before captioning starts.
     */
    List<List<Integer>> recognitionLanes() {
        StreamsApp app = captioning;
        List<List<Integer>> lanes = new java.util.ArrayList<>();
        if (app == null) {
            return lanes;
        }
        for (var thread : app.streams().metadataForLocalThreads()) {
            lanes.add(thread.activeTasks().stream().flatMap(t -> t.topicPartitions().stream())
                    .filter(tp -> tp.topic().equals(Topics.AUDIO.name())).map(tp -> tp.partition()).sorted().toList());
        }
        return lanes;
    }

    /**
     * Starts grouping frames into clips cut by {@code windows} with {@code features} (and objects from
     * {@code objects} when it is not null), and waits until it runs.
     */
    void startClips(ClipWindows windows, String features, java.util.function.Supplier<io.mmstream.models.detect.ClipObjectDetector> objects)
            throws InterruptedException {
        StreamsBuilder builder = new StreamsBuilder();
        ClipTopology.buildTopology(builder, windows, CLIP_GRACE_US, () -> ClipFeatureExtractors.create(features), objects);
        clips = start("clip grouping", builder, ClipTopology::streamsConfig);
    }

    /** Starts turning clips into visual words with the current codebook, and waits until it runs. */
    void startTokens() throws InterruptedException {
        StreamsBuilder builder = new StreamsBuilder();
        TokenTopology.buildTopology(builder, new CodebookSource(codebooks()));
        tokens = start("tokenization", builder, TokenTopology::streamsConfig);
    }

    /** Starts joining transcripts and visual words into VideoBERT segments ({@code mm.sequences}), and waits until it runs. */
    void startSequences() throws InterruptedException {
        StreamsBuilder builder = new StreamsBuilder();
        Path cache = dataDir.resolve("cache");
        SequenceTopology.buildTopology(builder, () -> WordPieceTokenizer.bertUncased(cache));
        sequences = start("sequences", builder, SequenceTopology::streamsConfig);
    }

    /** Starts VideoBERT inference on {@code mm.sequences} into {@code mm.embeddings} with the current model, and waits until it runs. */
    void startEmbeddings() throws InterruptedException {
        StreamsBuilder builder = new StreamsBuilder();
        modelSource = new ModelSource(models());
        EmbeddingTopology.buildTopology(builder, modelSource);
        embeddings = start("embeddings", builder, EmbeddingTopology::streamsConfig);
    }

    /**
     * Starts the search index (mm.videos + mm.transcripts -> a Lucene index per task) with the
     * pretrained sentence encoder, and waits until it runs; {@code server} is this instance's HTTP
     * address for its peers' queries, or null.
     */
    void startIndex(String server) throws InterruptedException {
        io.mmstream.index.text.TextEncoder loaded = encoder();
        StreamsBuilder builder = new StreamsBuilder();
        io.mmstream.streams.search.CurrentClipSpace clip = new io.mmstream.streams.search.CurrentClipSpace(
                dataDir.resolve("models").resolve("clip"));
        io.mmstream.streams.search.IndexTopology.buildTopology(builder, () -> loaded, clip);
        index = start("indexing", builder, (bootstrap, state, guarantee) ->
                io.mmstream.streams.search.IndexTopology.streamsConfig(bootstrap, state, guarantee, server));
    }

    /** The sentence encoder, loaded on first use (about a second) and shared. */
    synchronized io.mmstream.index.text.TextEncoder encoder() {
        if (encoder == null) {
            encoder = io.mmstream.index.text.MiniLmEncoder.load(dataDir.resolve("cache"));
            phase("sentence encoder loaded");
        }
        return encoder;
    }

    /** The Kafka Streams applications this command runs now (for their metrics). */
    List<org.apache.kafka.streams.KafkaStreams> runningStreams() {
        return apps.stream().map(StreamsApp::streams).toList();
    }

    /** The running search index application, or null. */
    StreamsApp indexApp() {
        return index;
    }

    /** The settings of a topology, given the cluster, the state dir and the processing guarantee. */
    @FunctionalInterface
    private interface TopologySettings {
        java.util.Properties of(String bootstrapServers, Path stateDir, String processingGuarantee);
    }

    /** Starts the topology {@code builder} holds as {@code name}, waits until it runs, and keeps it for closing. */
    private StreamsApp start(String name, StreamsBuilder builder, TopologySettings settings) throws InterruptedException {
        StreamsApp app = StreamsApp.start(name, builder.build(),
                cluster.streamsConfig(settings.of(cluster.bootstrapServers(), stateDir(), processingGuarantee)), STREAMS_START_TIMEOUT);
        apps.add(app);
        phase(name + " running");
        return app;
    }

    /**
     * The Kafka Streams state folder of this command: a slot of its own under the data dir, so
     * commands running at once never share one (see {@link io.mmstream.streams.kafka.StateSlot}).
     */
    private synchronized Path stateDir() {
        if (stateSlot == null) {
            stateSlot = io.mmstream.streams.kafka.StateSlot.claim(dataDir.resolve("streams"));
        }
        return stateSlot.folder();
    }

    /**
     * Copies into this data dir the codebooks and models any instance published on {@code mm.artifacts}
     * (all of them, now), then keeps following the topic so later versions arrive while topologies run.
     * Call before starting the topologies that need them; a second call does nothing.
     */
    synchronized void mirrorArtifacts() {
        if (artifactMirror == null) {
            artifactMirror = new io.mmstream.streams.artifacts.ArtifactMirror(cluster.readerConfig("mmstream-artifacts"), dataDir);
            var done = artifactMirror.catchUp();
            phase(String.format(java.util.Locale.ROOT, "artifacts mirrored: %d records, %d files written (%,d bytes), %d identical,"
                    + " %d refused, in %.2f s", done.records(), done.written(), done.writtenBytes(), done.identical(), done.refused(),
                    done.seconds()));
            artifactMirror.follow();
        }
    }

    /** The VideoBERT runs and versions under the data dir. */
    ModelStore models() {
        return new ModelStore(dataDir.resolve("models").resolve("videobert"));
    }

    /** The versioned codebooks under the data dir. */
    CodebookStore codebooks() {
        return new CodebookStore(dataDir.resolve("codebooks"));
    }

    /**
     * Waits until every frame written so far is grouped into committed clips, and every clip turned
     * into a committed token, for the stages running (called after ingest ends).
     */
    void awaitDerived() throws InterruptedException {
        try (var admin = cluster.admin()) {
            if (clips != null) {
                clips.awaitCaughtUp(admin, Topics.FRAMES.name(), Duration.ofMinutes(10));
                phase("clips caught up");
            }
            if (tokens != null) {
                tokens.awaitCaughtUp(admin, Topics.CLIPS.name(), Duration.ofMinutes(10));
                phase("tokens caught up");
            }
            if (sequences != null) {
                sequences.awaitCaughtUp(admin, Topics.VISUAL_TOKENS.name(), Duration.ofMinutes(10));
                sequences.awaitCaughtUp(admin, Topics.TRANSCRIPTS.name(), Duration.ofMinutes(10));
                phase("sequences caught up");
            }
            if (embeddings != null) {
                embeddings.awaitCaughtUp(admin, Topics.SEQUENCES.name(), Duration.ofMinutes(10));
                phase("embeddings caught up");
            }
            if (index != null) {
                index.awaitCaughtUp(admin, Topics.VIDEOS.name(), Duration.ofMinutes(10));
                index.awaitCaughtUp(admin, Topics.TRANSCRIPTS.name(), Duration.ofMinutes(10));
                phase("index caught up");
            }
        }
    }

    /** The stages {@code worker} instances run (serve runs the index, live runs live captioning). */
    private static final List<io.mmstream.streams.status.Stage> WORKER_STAGES = io.mmstream.streams.status.Stage.all().stream()
            .filter(s -> java.util.Set.of("captioning", "clips", "tokens", "sequences", "embeddings").contains(s.name()))
            .toList();

    /**
     * Throws unless {@code worker} instances run captioning on the cluster (for {@code ingest
     * --no-processing}, which leaves all processing to them).
     */
    void requireWorkers() throws InterruptedException {
        try (var admin = cluster.admin()) {
            if (StreamsApp.members(admin, CaptionTopology.APPLICATION_ID) == 0) {
                throw new KafkaUnavailableException("no worker is running on " + cluster.bootstrapServers()
                        + ": start `mmstream worker` first (or ingest without --no-processing)", null);
            }
        }
        workersSeen = System.nanoTime();
    }

    /** How long a command that relies on workers goes on without any before it gives up. */
    private static final Duration WORKERLESS_LIMIT = Duration.ofSeconds(30);
    /** When workers were last seen running captioning (for commands that rely on them), or 0. */
    private volatile long workersSeen;
    private volatile long workersLooked;

    /** Throws once no worker has run captioning for {@link #WORKERLESS_LIMIT} (looked at every 5 s). */
    private void checkWorkers() {
        long now = System.nanoTime();
        if (workersSeen == 0 || now - workersLooked < Duration.ofSeconds(5).toNanos()) {
            return;
        }
        workersLooked = now;
        try (var admin = cluster.admin()) {
            if (StreamsApp.members(admin, CaptionTopology.APPLICATION_ID) > 0) {
                workersSeen = now;
            }
        } catch (KafkaUnavailableException unanswered) {
            // the group's coordinator is moving (a broker died): no answer is not an empty group
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (now - workersSeen > WORKERLESS_LIMIT.toNanos()) {
            throw new KafkaUnavailableException("no worker has been running for " + WORKERLESS_LIMIT.toSeconds()
                    + " s: what was ingested stays on the topics and is processed once a worker starts", null);
        }
    }

    /**
     * Waits until the workers, wherever they run, have committed everything written so far, for each
     * stage that has workers now (called after ingest with {@code --no-processing} ends).
     */
    void awaitWorkers() throws InterruptedException {
        try (var admin = cluster.admin()) {
            for (io.mmstream.streams.status.Stage stage : WORKER_STAGES) {
                if (StreamsApp.members(admin, stage.group()) == 0) {
                    continue;
                }
                for (String topic : stage.topics()) {
                    // checks the workers too: had they all gone, this would wait its 30 minutes
                    StreamsApp.awaitCommitted(admin, stage.name(), stage.group(), topic, Duration.ofMinutes(30), this::checkRunning);
                }
                phase(stage.name() + " caught up (workers)");
            }
        }
    }

    /** Throws when the broker has died under this command, or one of the running topologies has stopped. */
    void checkRunning() {
        cluster.check();
        checkWorkers();
        apps.forEach(StreamsApp::check);
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
        phase("closing topologies");
        // without a broker nothing can be committed: do not wait for it
        Duration closeTimeout = cluster.lost() != null ? Duration.ofSeconds(1) : StreamsApp.CLOSE_TIMEOUT;
        apps.forEach(app -> app.close(closeTimeout));
        if (artifactMirror != null) {
            artifactMirror.close();
        }
        if (modelSource != null) {
            modelSource.close();
        }
        if (encoder != null) {
            encoder.close();
        }
        phase("topologies closed");
        cluster.close();
        if (stateSlot != null) {
            stateSlot.close();
        }
        phase("kafka closed");
    }
}
