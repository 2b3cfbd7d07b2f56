package io.mmstream.streams.cli;

import io.mmstream.streams.captions.CaptionTopology;
import io.mmstream.streams.topics.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Samples, twice a second, how far recognition runs behind (mm.audio records not yet committed by
 * captioning) and the resident memory of the worker processes, keeping the peaks.
 */
final class Sampler implements AutoCloseable {

    private final OffsetWatch probe;
    private final List<CliProcess> watched = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile boolean stopped;
    private volatile long peakLag;
    private volatile long peakRssMb;

    private Sampler(OffsetWatch probe) {
        this.probe = probe;
        this.thread = new Thread(this::run, "reliability-sampler");
        this.thread.setDaemon(true);
    }

    /** Starts sampling, with {@code processes} watched for memory. */
    static Sampler start(OffsetWatch probe, CliProcess... processes) {
        Sampler s = new Sampler(probe);
        s.watched.addAll(List.of(processes));
        s.thread.start();
        return s;
    }

    /** Watches one more process (a restarted worker). */
    void watch(CliProcess process) {
        watched.add(process);
    }

    private void run() {
        while (!stopped) {
            try {
                peakLag = Math.max(peakLag, probe.lag(CaptionTopology.APPLICATION_ID, Topics.AUDIO.name()));
                for (CliProcess p : watched) {
                    peakRssMb = Math.max(peakRssMb, rssMb(p.pid()));
                }
                Thread.sleep(500);
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                // a broker down for a moment: the next sample tells
            }
        }
    }

    /** The resident memory of process {@code pid} in MB, 0 once it is gone. */
    private static long rssMb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (Exception gone) {
            // the process ended
        }
        return 0;
    }

    long peakLag() {
        return peakLag;
    }

    long peakRssMb() {
        return peakRssMb;
    }

    void stop() throws InterruptedException {
        stopped = true;
        thread.interrupt();
        thread.join(5_000);
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    @Override
    public String toString() {
        return "peak lag " + peakLag + " records, peak worker RSS " + peakRssMb + " MB";
    }
}
