package io.mmstream.streams.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mmstream.asr.WordErrorRate;
import io.mmstream.ingest.Fixtures;
import io.mmstream.streams.kafka.BrokerFiles;
import io.mmstream.streams.kafka.KafkaCluster;
import io.mmstream.streams.lanes.WallClock;
import io.mmstream.streams.topics.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several commands on one data dir at once, each in a process of its own as a user runs them: they
 * share one broker, each succeeds with its own correct output; a broker killed under a command ends
 * it with a line, not a hang; a failed run never replaces a good output.
 */
@WallClock
class SharedDataDirIT {

    private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(4);

    @TempDir
    Path work;

    private final Path mp4 = Fixtures.sample("dashwood.mp4");
    private final Path ogg = Fixtures.media("audio-only.ogg");

    @Test
    void captionsTogetherAndStaggeredShareOneBrokerAndBothAreRight() throws Exception {
        Path data = work.resolve("data");
        CliProcess a = captions(data, "a", mp4);
        CliProcess b = captions(data, "b", ogg);
        assertEquals(0, a.await(COMMAND_TIMEOUT), a.err());
        assertEquals(0, b.await(COMMAND_TIMEOUT), b.err());
        assertDashwood(work.resolve("a.vtt"));
        assertFirstUtterance(work.resolve("b.vtt"));

        // the case that hung the first command and broke the second: 4 s apart
        CliProcess c = captions(data, "c", Fixtures.media("dashwood.webm"));
        Thread.sleep(4000);
        CliProcess d = captions(data, "d", mp4);
        assertEquals(0, c.await(COMMAND_TIMEOUT), c.err());
        assertEquals(0, d.await(COMMAND_TIMEOUT), d.err());
        assertDashwood(work.resolve("c.vtt"));
        assertDashwood(work.resolve("d.vtt"));

        String brokerLog = Files.readString(new BrokerFiles(data).log());
        assertEquals(1, brokerLog.lines().filter(l -> l.contains("broker: ready at")).count(),
                "one broker served all four commands:\n" + brokerLog);
        for (CliProcess p : List.of(a, b, c, d)) {
            assertFalse(p.err().contains("\tat "), "no stack trace:\n" + p.err());
        }
    }

    @Test
    void serveRunsWhileTwoCaptionsCommandsRun() throws Exception {
        Path data = work.resolve("data");
        CliProcess serve = CliProcess.start(work.resolve("logs"), "serve", "--data-dir", data.toString(), "serve", "--port", "0");
        CliProcess a = captions(data, "a", mp4);
        CliProcess b = captions(data, "b", ogg);
        String url = serve.awaitOutput("serving on ", Duration.ofSeconds(120)).replaceFirst(".*serving on ", "").strip();
        HttpResponse<String> jobs = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url + "api/live")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, jobs.statusCode());
        assertEquals(0, a.await(COMMAND_TIMEOUT), a.err());
        assertEquals(0, b.await(COMMAND_TIMEOUT), b.err());
        assertDashwood(work.resolve("a.vtt"));
        assertFirstUtterance(work.resolve("b.vtt"));
        assertTrue(serve.isAlive(), "serve goes on after the other commands end:\n" + serve.err());
        serve.stop(Duration.ofSeconds(60));
        assertFalse(serve.err().contains("\tat "), "serve stops cleanly:\n" + serve.err());
    }

    @Test
    void ingestRunsWhileCodebookShowReadsTheCodebook() throws Exception {
        Path data = work.resolve("data");
        String dataDir = data.toString();
        assertEquals(0, CliRun.of("--data-dir", dataDir, "ingest", "--frame-size", "64", mp4.toString()).exitCode());
        CliRun train = CliRun.of("--data-dir", dataDir, "codebook", "train", "--levels", "2", "--branching", "3");
        assertEquals(0, train.exitCode(), train.err());
        String version = train.out().split(" ")[1].replace(":", "");

        CliProcess ingest = CliProcess.start(work.resolve("logs"), "ingest", "--data-dir", dataDir, "ingest", "--frame-size", "64",
                Fixtures.media("dashwood.webm").toString());
        CliProcess show = CliProcess.start(work.resolve("logs"), "show", "--data-dir", dataDir, "codebook", "show");
        assertEquals(0, show.await(COMMAND_TIMEOUT), show.err());
        assertEquals(0, ingest.await(COMMAND_TIMEOUT), ingest.err());
        assertTrue(show.out().contains(version), show.out());
        assertTrue(ingest.out().matches("(?s).*dashwood.webm: video \\S+, \\d+ frames sampled.*caption cues.*"), ingest.out());
    }

    @Test
    void aBrokerKilledUnderACommandEndsItWithALineAndTheNextCommandStartsAFreshOne() throws Exception {
        Path data = work.resolve("data");
        Path longFile = work.resolve("long.mp4");
        // four minutes of real speech: long enough to be mid-run when the broker dies
        Process loop = new ProcessBuilder("ffmpeg", "-v", "error", "-stream_loop", "7", "-i", mp4.toString(), "-c", "copy",
                longFile.toString()).inheritIO().start();
        assertEquals(0, loop.waitFor());
        assertEquals(0, CliRun.of("--data-dir", data.toString(), "captions", ogg.toString(), "-o",
                work.resolve("long.vtt").toString()).exitCode());
        byte[] good = Files.readAllBytes(work.resolve("long.vtt"));

        CliProcess running = captions(data, "long", longFile);
        awaitCaptioning(data, running);
        long brokerPid = brokerPid(data);
        ProcessHandle.of(brokerPid).orElseThrow().destroyForcibly();
        long killedAt = System.nanoTime();

        assertEquals(1, running.await(Duration.ofSeconds(60)), running.err());
        double seconds = (System.nanoTime() - killedAt) / 1e9;
        assertTrue(seconds < 30, "the command ended " + seconds + " s after the broker died");
        assertTrue(running.err().contains("(pid " + brokerPid + ") stopped while this command was running"), running.err());
        assertFalse(running.err().contains("\tat "), "one line, no stack trace:\n" + running.err());
        assertArrayEquals(good, Files.readAllBytes(work.resolve("long.vtt")), "the good output is untouched");

        CliRun status = CliRun.of("--data-dir", data.toString(), "broker", "status");
        assertEquals(BrokerCommand.NOT_RUNNING, status.exitCode());
        assertTrue(status.out().contains("not running (the address file of a broker that died was removed)"), status.out());
        CliRun again = CliRun.of("--data-dir", data.toString(), "captions", ogg.toString(), "-o", work.resolve("again.vtt").toString());
        assertEquals(0, again.exitCode(), again.err());
        assertFirstUtterance(work.resolve("again.vtt"));
    }

    @Test
    void ctrlCKeepsTheCaptionsMadeSoFarAndAFailedRerunLeavesTheGoodFileAlone() throws Exception {
        Path data = work.resolve("data");
        Path vtt = work.resolve("talk.vtt");
        assertEquals(0, CliRun.of("--data-dir", data.toString(), "captions", mp4.toString(), "-o", vtt.toString()).exitCode());
        byte[] good = Files.readAllBytes(vtt);

        CliRun broken = CliRun.of("--data-dir", data.toString(), "captions", Fixtures.media("truncated-faststart.mp4").toString(),
                "-o", vtt.toString());
        assertEquals(1, broken.exitCode());
        assertArrayEquals(good, Files.readAllBytes(vtt), "a failed run does not replace a good caption file");
        assertTrue(broken.err().contains(vtt + " left as it was"), broken.err());

        Path longFile = work.resolve("long.mp4");
        Process loop = new ProcessBuilder("ffmpeg", "-v", "error", "-stream_loop", "7", "-i", mp4.toString(), "-c", "copy",
                longFile.toString()).inheritIO().start();
        assertEquals(0, loop.waitFor());
        long captionsBefore = committedEnd(data, Topics.CAPTIONS.name());
        CliProcess running = captions(data, "interrupted", longFile);
        awaitCommittedCue(data, captionsBefore, running);
        // SIGTERM takes the JVM's path of Ctrl-C (a background test process may be started with SIGINT ignored)
        running.stop(Duration.ofSeconds(30));
        assertTrue(running.err().contains("interrupted (Ctrl-C) at "), running.err());
        assertFalse(running.err().contains("NOT_RUNNING"), running.err());
        Path kept = work.resolve("interrupted.vtt");
        assertTrue(Files.exists(kept), "the captions made so far are kept:\n" + running.err());
        List<WebVtt.Cue> cues = WebVtt.parse(Files.readString(kept));
        assertFalse(cues.isEmpty(), running.err());
        assertTrue(cues.get(0).text().toLowerCase(java.util.Locale.ROOT).startsWith("and mister john"), cues.get(0).text());
    }

    /** {@code captions INPUT -o <work>/<name>.vtt} in a process of its own. */
    private CliProcess captions(Path data, String name, Path input) throws Exception {
        return CliProcess.start(work.resolve("logs"), name, "--data-dir", data.toString(), "captions", input.toString(),
                "-o", work.resolve(name + ".vtt").toString());
    }

    /** Waits until {@code command} uses the broker and has had a few seconds to caption. */
    private static void awaitCaptioning(Path data, CliProcess command) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (!CliRun.of("--data-dir", data.toString(), "broker", "status").out().contains("pid " + command.pid() + ":")) {
            assertTrue(System.nanoTime() < deadline && command.isAlive(), "the command never reached the broker:\n" + command.err());
            Thread.sleep(200);
        }
        Thread.sleep(5000);
        assertTrue(command.isAlive(), "still running:\n" + command.err());
    }

    /**
     * Waits until {@code command} has had a caption cue committed to {@code mm.captions} (its end for
     * read_committed readers moved past {@code before} by a record and its transaction's marker), and
     * a second more for the command to collect it: on a loaded machine a fixed wait may end before the
     * first cue.
     */
    private static void awaitCommittedCue(Path data, long before, CliProcess command) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
        while (committedEnd(data, Topics.CAPTIONS.name()) < before + 2) {
            assertTrue(System.nanoTime() < deadline && command.isAlive(), "no cue committed within 180 s:\n" + command.err());
            Thread.sleep(200);
        }
        Thread.sleep(1000);
        assertTrue(command.isAlive(), "still running:\n" + command.err());
    }

    /** The sum of {@code topic}'s partition ends as a read_committed reader sees them. */
    private static long committedEnd(Path data, String topic) throws Exception {
        try (KafkaCluster cluster = KafkaCluster.open(null, data, "test"); Admin admin = cluster.admin()) {
            return new OffsetWatch(admin).committedEndOffsets(topic);
        }
    }

    private static long brokerPid(Path data) throws Exception {
        Properties p = new Properties();
        try (var in = Files.newBufferedReader(new BrokerFiles(data).addressFile())) {
            p.load(in);
        }
        return Long.parseLong(p.getProperty("pid"));
    }

    private static void assertDashwood(Path vtt) throws Exception {
        String reference = CaptionsIT.segments().stream().map(CaptionsIT.Segment::text).collect(Collectors.joining(" "));
        assertWer(vtt, reference);
    }

    private static void assertFirstUtterance(Path vtt) throws Exception {
        assertWer(vtt, CaptionsIT.segments().get(0).text());
    }

    private static void assertWer(Path vtt, String reference) throws Exception {
        String heard = WebVtt.parse(Files.readString(vtt)).stream().map(WebVtt.Cue::text).collect(Collectors.joining(" "));
        double wer = WordErrorRate.of(reference, heard);
        assertTrue(wer <= 0.15, vtt + ": WER " + wer + "\n" + heard);
    }
}
