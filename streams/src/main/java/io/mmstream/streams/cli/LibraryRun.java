package io.mmstream.streams.cli;

import io.mmstream.index.library.LibraryCatalog;
import io.mmstream.index.library.LibraryFile;
import io.mmstream.ingest.ContentIds;
import io.mmstream.ingest.DecodeOptions;
import io.mmstream.ingest.MediaInfo;
import io.mmstream.streams.captions.CaptionCollector;
import io.mmstream.streams.dlq.DeadLetters;
import io.mmstream.streams.ingest.IngestJob;
import io.mmstream.streams.ingest.PartitionBalancer;
import io.mmstream.streams.kafka.RecordSender;
import io.mmstream.streams.topics.Topics;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import me.tongfei.progressbar.ProgressBar;

/**
 * Indexes a batch of library files: each is hashed (its content id), decoded onto the topics and
 * followed until its transcripts end, with a few files in flight at once (one decoding, the others
 * being recognised on the stream threads), so decoding never runs far ahead of recognition and the
 * topics hold little undigested media. A file is recorded in the {@link LibraryCatalog} as soon as
 * it is finished, so a run stopped at any point goes on from there next time.
 *
 * <p>The audio of the files in flight is spread over the recognising threads ({@link PartitionBalancer}),
 * so each has its share, one file after another.
 *
 * <p>A file whose content is already in the library (a copy, or the same file under a new name) is not
 * decoded again. A file that cannot be read is reported on stderr and {@code mm.dlq}; the rest go on.
 */
final class LibraryRun {

    /** With nothing recognised for this long while files are in flight, the run is declared stalled. */
    private static final Duration STALL_TIMEOUT = Duration.ofMinutes(10);

    private final MmstreamRuntime runtime;
    private final DecodeOptions decode;
    private final LibraryCatalog catalog;
    private final PrintWriter err;
    private final int inFlight;
    private final BooleanSupplier stop;

    /** What became of one file. */
    record Done(LibraryFile file, String video, String failure) {}

    LibraryRun(MmstreamRuntime runtime, DecodeOptions decode, LibraryCatalog catalog, int inFlight, BooleanSupplier stop,
            PrintWriter err) {
        this.runtime = runtime;
        this.decode = decode;
        this.catalog = catalog;
        this.inFlight = inFlight;
        this.stop = stop;
        this.err = err;
    }

    /** A file on its way: its hashing and decoding, then its captions. */
    private static final class Pending {
        final LibraryFile file;
        final java.util.concurrent.CompletableFuture<IngestJob.Outcome> ingest;
        volatile String video;
        volatile MediaInfo info;
        volatile Integer partition;

        Pending(LibraryFile file, java.util.concurrent.CompletableFuture<IngestJob.Outcome> ingest) {
            this.file = file;
            this.ingest = ingest;
        }
    }

    /** Indexes {@code files}; {@code bar}, when not null, shows the progress. */
    List<Done> run(List<LibraryFile> files, ProgressBar bar) throws Exception {
        List<Done> done = new ArrayList<>();
        Deque<LibraryFile> queue = new ArrayDeque<>(files);
        Map<Path, Pending> pending = new LinkedHashMap<>();
        Set<String> inThisRun = ConcurrentHashMap.newKeySet();
        Map<String, String> alreadyIn = new HashMap<>();
        catalog.all().forEach(i -> alreadyIn.put(i.video(), i.path().toString()));
        long mediaUs = 0;
        ExecutorService decoder = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "mmstream-library-decode");
            t.setDaemon(true);
            return t;
        });
        try (RecordSender sender = runtime.ingestSender();
                CaptionCollector captions = new CaptionCollector(runtime.cluster().readerConfig("mmstream-index-cli"))) {
            IngestJob job = new IngestJob(sender, decode, stop);
            PartitionBalancer partitions = new PartitionBalancer(runtime::recognitionLanes);
            long lastProgress = System.nanoTime();
            while ((!queue.isEmpty() && !stop.getAsBoolean()) || !pending.isEmpty()) {
                runtime.checkRunning();
                while (pending.size() < inFlight && !queue.isEmpty() && !stop.getAsBoolean()) {
                    LibraryFile file = queue.poll();
                    Pending p = new Pending(file, new java.util.concurrent.CompletableFuture<>());
                    pending.put(file.path(), p);
                    decoder.execute(() -> {
                        try {
                            p.ingest.complete(ingest(job, sender, captions, p, inThisRun, alreadyIn, partitions));
                        } catch (RuntimeException e) {
                            p.ingest.completeExceptionally(e);
                        }
                    });
                }
                if (captions.poll(Duration.ofMillis(100), (video, cue) -> {})) {
                    lastProgress = System.nanoTime();
                }
                for (var it = pending.values().iterator(); it.hasNext(); ) {
                    Pending p = it.next();
                    Done d = finished(p, captions);
                    if (d != null) {
                        it.remove();
                        partitions.release(p.partition);
                        done.add(d);
                        lastProgress = System.nanoTime();
                        if (d.failure() == null) {
                            catalog.indexed(d.file(), d.video());
                            if (p.info != null) {
                                mediaUs += Math.max(0, p.info.durationUs());
                            }
                        } else {
                            err.println(d.file().path() + ": " + d.failure());
                        }
                        if (bar != null) {
                            bar.step();
                            bar.setExtraMessage(String.format(Locale.ROOT, " %.2f h of media", mediaUs / 3.6e9));
                        }
                    }
                }
                if (!pending.isEmpty() && System.nanoTime() - lastProgress > STALL_TIMEOUT.toNanos()) {
                    throw new IllegalStateException("indexing stalled: nothing recognised for " + STALL_TIMEOUT.toMinutes() + " minutes");
                }
            }
        } finally {
            decoder.shutdownNow();
        }
        return done;
    }

    /** Hashes and decodes the file of {@code p} (on the decoding thread). */
    private IngestJob.Outcome ingest(IngestJob job, RecordSender sender, CaptionCollector captions, Pending p, Set<String> inThisRun,
            Map<String, String> alreadyIn, PartitionBalancer partitions) {
        String input = p.file.path().toString();
        String video;
        try {
            video = ContentIds.of(p.file.path());
        } catch (IOException e) {
            String reason = "cannot read: " + e.getMessage();
            sender.send(Topics.DLQ, input, DeadLetters.input(input, "index", reason, null));
            return new IngestJob.Outcome(input, null, null, reason);
        }
        p.video = video;
        if (!inThisRun.add(video) || alreadyIn.containsKey(video)) {
            // the same content under another name: one video, indexed once
            return new IngestJob.Outcome(input, video, null, null);
        }
        captions.expect(video);
        p.partition = partitions.take();
        return job.run(input, video, info -> p.info = info, p.partition);
    }

    /** The file's result once it is finished (its captions ended, or it failed before any), else null. */
    private static Done finished(Pending p, CaptionCollector captions) throws InterruptedException {
        if (!p.ingest.isDone()) {
            return null;
        }
        IngestJob.Outcome outcome;
        try {
            outcome = p.ingest.get();
        } catch (java.util.concurrent.ExecutionException e) {
            return new Done(p.file, p.video, "internal error: " + e.getCause());
        }
        if (outcome.videoId() == null || outcome.summary() == null && outcome.failure() == null) {
            // unreadable before hashing, or a copy of content already indexed
            return new Done(p.file, outcome.videoId(), outcome.failure());
        }
        if (captions.pending().contains(outcome.videoId()) && !outcome.endLost()) {
            return null;
        }
        return new Done(p.file, outcome.videoId(), outcome.failure());
    }

    /** A progress bar over {@code files} files, on stderr. */
    static ProgressBar bar(int files) {
        return ProgressBars.onStderr("index", files, " files").build();
    }
}
