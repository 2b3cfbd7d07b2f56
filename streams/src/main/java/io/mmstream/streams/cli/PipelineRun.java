package io.mmstream.streams.cli;

import io.mmstream.ingest.DecodeOptions;
import io.mmstream.ingest.MediaInfo;
import io.mmstream.streams.captions.CaptionCollector;
import io.mmstream.streams.ingest.IngestJob;
import io.mmstream.streams.kafka.RecordSender;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import me.tongfei.progressbar.ProgressBar;

/**
 * Runs inputs through ingest and captioning and waits until every one has been captioned or has failed.
 *
 * <p>Files are decoded one after another on a background thread (decoding runs far ahead of
 * recognition, and the producer's bounded buffer holds it back), while this thread follows the
 * captions and drives the progress bar. Live streams are read at their own pace, all at once, each
 * on a thread of its own.
 */
final class PipelineRun {

    /** With no caption record for this long while inputs are pending, the run is declared stalled. */
    private static final Duration STALL_TIMEOUT = Duration.ofMinutes(5);

    private final MmstreamRuntime runtime;
    private final DecodeOptions decode;
    private final boolean progress;
    private final PrintWriter err;
    private java.util.function.BiConsumer<String, io.mmstream.streams.records.Caption> onCue = (video, caption) -> {};
    private java.util.function.BooleanSupplier stopRequested = () -> false;

    /** Hands every caption record of the run's videos to {@code listener}, with its input, as it arrives (live output). */
    PipelineRun onCue(java.util.function.BiConsumer<String, io.mmstream.streams.records.Caption> listener) {
        this.onCue = listener;
        return this;
    }

    private IngestJob.Source liveSource;

    /**
     * Reads the inputs with {@code source} (live streams), all at once, each on a thread of its
     * own, instead of decoding them one after another.
     */
    PipelineRun readLive(IngestJob.Source source) {
        this.liveSource = source;
        return this;
    }

    private boolean contentIds;

    /**
     * Gives local files their content ids ({@link io.mmstream.ingest.ContentIds}), so a file ingested
     * twice, or under two names, is one video (ingest); otherwise each input gets an id of its own (captions).
     */
    PipelineRun contentIds() {
        this.contentIds = true;
        return this;
    }

    /** Ends the inputs early, cleanly, once {@code stop} says so. */
    PipelineRun stopWhen(java.util.function.BooleanSupplier stop) {
        this.stopRequested = stop;
        return this;
    }

    PipelineRun(MmstreamRuntime runtime, DecodeOptions decode, boolean progress, PrintWriter err) {
        this.runtime = runtime;
        this.decode = decode;
        this.progress = progress;
        this.err = err;
    }

    /** What happened to each input, in the order given. */
    record Result(IngestJob.Outcome outcome, MediaInfo info, CaptionCollector captions, String failure) {}

    List<Result> run(List<String> inputs, CaptionCollector collector) throws Exception {
        Map<String, String> ids = new LinkedHashMap<>();
        for (String input : inputs) {
            String id = videoId(input);
            ids.put(input, id);
            collector.expect(id);
        }
        Map<String, MediaInfo> opened = new ConcurrentHashMap<>();
        ExecutorService ingestThread = Executors.newFixedThreadPool(liveSource == null ? 1 : inputs.size(), r -> {
            Thread t = new Thread(r, "mmstream-ingest");
            t.setDaemon(true);
            return t;
        });
        List<Future<IngestJob.Outcome>> outcomes = new ArrayList<>();
        try (RecordSender sender = runtime.ingestSender()) {
            IngestJob job = liveSource == null ? new IngestJob(sender, decode, stopRequested) : new IngestJob(sender, liveSource);
            Map<String, Future<IngestJob.Outcome>> byVideo = new java.util.HashMap<>();
            for (String input : inputs) {
                // the same content given twice is one video, decoded once
                Future<IngestJob.Outcome> f = byVideo.computeIfAbsent(ids.get(input),
                        id -> ingestThread.submit(() -> ingest(job, input, id, opened)));
                outcomes.add(f);
            }
            ingestThread.shutdown();
            Map<String, String> inputsById = new java.util.HashMap<>();
            ids.forEach((input, id) -> inputsById.put(id, input));
            List<String> order = new ArrayList<>(ids.values());
            String stalled = follow(collector, opened, ids, (id, caption) -> onCue.accept(inputsById.get(id), caption),
                    i -> outcomes.get(i), order);
            MmstreamRuntime.phase("all inputs captioned");
            List<Result> results = new ArrayList<>();
            for (int i = 0; i < inputs.size(); i++) {
                String input = inputs.get(i);
                IngestJob.Outcome outcome;
                try {
                    outcome = outcomes.get(i).get();
                } catch (java.util.concurrent.ExecutionException e) {
                    outcome = new IngestJob.Outcome(input, ids.get(input), null, "internal error: " + e.getCause());
                }
                String failure = outcome.failure();
                if (failure == null && stalled != null && collector.pending().contains(ids.get(input))) {
                    failure = stalled;
                }
                if (failure == null && liveSource == null && collector.pending().contains(ids.get(input))) {
                    failure = interrupted(collector.reachedUs(ids.get(input)), opened.get(input));
                }
                results.add(new Result(outcome, opened.get(input), collector, failure));
            }
            return results;
        } finally {
            ingestThread.shutdownNow();
        }
    }

    /**
     * Ingests one input on a thread named after it (so a report of its death names the input); a
     * live stream's failure is said at once, since the other streams may go on for hours.
     */
    private IngestJob.Outcome ingest(IngestJob job, String input, String id, Map<String, MediaInfo> opened) {
        Thread.currentThread().setName("mmstream-ingest " + input);
        IngestJob.Outcome outcome = job.run(input, id, info -> opened.put(input, info));
        if (liveSource != null && outcome.failed()) {
            synchronized (err) {
                err.println(input + ": " + outcome.failure());
                err.flush();
            }
        }
        return outcome;
    }

    /** The video id of {@code input}: its content's for a local file when asked, else one of its own. */
    private String videoId(String input) {
        if (contentIds && !io.mmstream.ingest.MediaLocations.isNetwork(input)) {
            try {
                return io.mmstream.ingest.ContentIds.of(io.mmstream.ingest.MediaLocations.localPath(input));
            } catch (java.io.IOException | RuntimeException unreadable) {
                // the decoder reports why it cannot be read
            }
        }
        return IngestJob.newVideoId(input);
    }

    /** Why a file whose captions were still coming when the run was stopped (Ctrl-C) is not complete. */
    private static String interrupted(long reachedUs, MediaInfo info) {
        long duration = info == null ? -1 : info.durationUs();
        return "interrupted (Ctrl-C) at " + clock(reachedUs) + (duration > 0 ? " of " + clock(duration) : "");
    }

    private static String clock(long us) {
        long s = us / 1_000_000;
        return s >= 3600 ? String.format(java.util.Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(java.util.Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }

    /** Follows captions until all inputs ended; returns a reason when the run stalled, else null. */
    private String follow(CaptionCollector collector, Map<String, MediaInfo> opened, Map<String, String> ids,
            java.util.function.BiConsumer<String, io.mmstream.streams.records.Caption> onCue,
            java.util.function.IntFunction<Future<IngestJob.Outcome>> ingests, List<String> videos) {
        long lastProgress = System.nanoTime();
        try (ProgressBar bar = progress ? bar() : null) {
            // a file run stopped (Ctrl-C) keeps what is captioned so far rather than wait for the rest
            while (!collector.allEnded() && (liveSource != null || !stopRequested.getAsBoolean())) {
                runtime.checkRunning();
                if (collector.poll(Duration.ofMillis(50), onCue)) {
                    lastProgress = System.nanoTime();
                }
                abandonUnended(collector, ingests, videos);
                if (bar != null) {
                    long total = opened.values().stream().mapToLong(i -> Math.max(0, i.durationUs())).sum();
                    bar.maxHint(Math.max(1, total / 1_000_000));
                    bar.stepTo(Math.min(total, collector.reachedUs(ids.values())) / 1_000_000);
                }
                // a live stream may be silent for long: its reader decides when it has ended
                if (liveSource == null && System.nanoTime() - lastProgress > STALL_TIMEOUT.toNanos()) {
                    return "captioning stalled: nothing recognised for " + STALL_TIMEOUT.toMinutes() + " minutes";
                }
            }
            if (bar != null) {
                bar.stepTo(bar.getMax());
            }
        }
        return null;
    }

    /**
     * A video whose ingest broke, or could not write its last records, will never see its captions
     * end: it is not waited for any more, and its outcome carries the reason.
     */
    private static void abandonUnended(CaptionCollector collector, java.util.function.IntFunction<Future<IngestJob.Outcome>> ingests,
            List<String> videos) {
        for (int i = 0; i < videos.size(); i++) {
            Future<IngestJob.Outcome> f = ingests.apply(i);
            if (!f.isDone() || !collector.pending().contains(videos.get(i))) {
                continue;
            }
            boolean broke = f.isCancelled();
            try {
                broke |= !broke && f.get().endLost();
            } catch (Exception e) {
                broke = true;
            }
            if (broke) {
                collector.abandon(videos.get(i));
            }
        }
    }

    private ProgressBar bar() {
        return ProgressBars.onStderr("captions", 1, " s").showSpeed().build();
    }
}
