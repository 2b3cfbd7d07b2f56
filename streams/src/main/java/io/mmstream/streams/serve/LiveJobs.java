package io.mmstream.streams.serve;

import io.mmstream.asr.captions.CaptionFormat;
import io.mmstream.asr.captions.CaptionWriter;
import io.mmstream.asr.captions.Cue;
import io.mmstream.ingest.DecodeOptions;
import io.mmstream.ingest.LiveReader;
import io.mmstream.streams.ingest.LiveSource;
import io.mmstream.streams.captions.CaptionCollector;
import io.mmstream.streams.ingest.IngestJob;
import io.mmstream.streams.ingest.LiveStreamMessages;
import io.mmstream.streams.kafka.RecordSender;
import io.mmstream.streams.records.Caption;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The live streams {@code serve} captions: each read on a thread of its own with a
 * {@link LiveReader} onto the media topics, and one follower that hands the captions coming back
 * on {@code mm.captions} to their {@link LiveJob}.
 */
public final class LiveJobs implements AutoCloseable {

    private final RecordSender sender;
    private final DecodeOptions decode;
    private final Duration giveUp;
    private final PrintWriter err;
    private final CaptionCollector collector;
    private final List<LiveJob> jobs = new CopyOnWriteArrayList<>();
    private final Map<String, LiveJob> byVideo = new ConcurrentHashMap<>();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final Thread follower;

    /**
     * Jobs that send media with {@code sender}, read captions with {@code readerConfig}, decode with
     * {@code decode} (its I/O timeout is the stall time), and end a stream silent for {@code giveUp}.
     */
    public LiveJobs(RecordSender sender, Map<String, Object> readerConfig, DecodeOptions decode, Duration giveUp,
            PrintWriter err) {
        this.sender = sender;
        this.decode = decode;
        this.giveUp = giveUp;
        this.err = err;
        this.collector = new CaptionCollector(readerConfig);
        this.follower = new Thread(this::follow, "mmstream-live-captions");
        follower.setDaemon(true);
        follower.start();
    }

    /** Starts captioning {@code url}; the job's id is its position among the jobs, from 1. */
    public synchronized LiveJob start(String url) {
        LiveJob job = new LiveJob(jobs.size() + 1, url, IngestJob.newVideoId(url));
        jobs.add(job);
        byVideo.put(job.videoId(), job);
        collector.expect(job.videoId());
        LiveStreamMessages messages = new LiveStreamMessages(err, "live " + job.id() + " " + url);
        IngestJob ingest = new IngestJob(sender, new LiveSource(decode, giveUp, stop::get, messages));
        Thread reader = new Thread(() -> {
            IngestJob.Outcome outcome = ingest.run(url, job.videoId(), info -> {});
            if (outcome.failed()) {
                err.println(url + ": " + outcome.failure());
                err.flush();
                job.end(LiveJob.State.FAILED, outcome.failure());
            }
        }, "mmstream-live-" + job.id() + " " + url);
        reader.setDaemon(true);
        reader.start();
        return job;
    }

    public List<LiveJob> jobs() {
        return List.copyOf(jobs);
    }

    /** The job with {@code id}, or null. */
    public LiveJob job(int id) {
        return id >= 1 && id <= jobs.size() ? jobs.get(id - 1) : null;
    }

    /** Whether every job has ended. */
    public boolean allEnded() {
        return jobs.stream().allMatch(j -> j.state() != LiveJob.State.RUNNING);
    }

    /**
     * Waits up to {@code wait} until no one follows any job: each follower, handed the end, sends it on
     * and lets go. A server that stopped sooner would cut a page off before it heard the end.
     */
    public void awaitFollowersDone(Duration wait) throws InterruptedException {
        long until = System.nanoTime() + wait.toNanos();
        while (jobs.stream().anyMatch(LiveJob::followed) && System.nanoTime() < until) {
            Thread.sleep(50);
        }
    }

    /** Ends every stream (their last words still come through) and waits up to {@code wait} for them. */
    public void stopAll(Duration wait) throws InterruptedException {
        stop.set(true);
        long until = System.nanoTime() + wait.toNanos();
        while (!allEnded() && System.nanoTime() < until) {
            Thread.sleep(50);
        }
    }

    private void follow() {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                collector.poll(Duration.ofMillis(100), this::dispatch);
            } catch (org.apache.kafka.common.errors.InterruptException | org.apache.kafka.common.errors.WakeupException e) {
                return;
            } catch (RuntimeException e) {
                err.println("serve: reading captions failed: " + e.getMessage());
                err.flush();
                return;
            }
        }
    }

    private void dispatch(String videoId, Caption caption) {
        LiveJob job = byVideo.get(videoId);
        if (job == null) {
            return;
        }
        if (caption.getEndOfStream()) {
            job.end(LiveJob.State.ENDED, "the stream has ended");
            return;
        }
        Cue cue = new Cue(caption.getStartUs(), caption.getEndUs(), caption.getLines(), caption.getIsFinal());
        StringWriter line = new StringWriter();
        try {
            new CaptionWriter(line, CaptionFormat.JSONL, job.url()).cue(cue, System.currentTimeMillis());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        job.cue(line.toString().strip(), cue.isFinal());
    }

    @Override
    public void close() throws InterruptedException {
        stop.set(true);
        follower.interrupt();
        follower.join(5_000);
        collector.close();
    }
}
