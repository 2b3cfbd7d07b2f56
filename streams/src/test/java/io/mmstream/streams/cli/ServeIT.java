package io.mmstream.streams.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mmstream.asr.WordErrorRate;
import io.mmstream.ingest.Fixtures;
import io.mmstream.streams.lanes.WallClock;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve --live URL} while Debian's ffmpeg pushes recorded speech in real time: the page
 * {@code /live/1}, open in headless Chromium, shows partial and final captions while the stream
 * plays, and says when the stream has ended (Debian's Chromium through Selenium).
 */
@WallClock
class ServeIT {

    @TempDir
    Path work;

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void theLivePageShowsCaptionsAsTheStreamPlays() throws Exception {
        int udp = UdpPorts.free();
        int http = freePort();
        String url = "udp://127.0.0.1:" + udp;
        CompletableFuture<CliRun> serve = CompletableFuture.supplyAsync(() -> CliRun.of("--data-dir",
                work.resolve("data").toString(), "serve", "--port", Integer.toString(http), "--live", url,
                "--stall", "2", "--timeout", "4", "--exit-when-done"));
        UdpPorts.awaitListening(serve, udp);

        try (Browser chromium = new Browser(work.resolve("chromium"))) {
            chromium.driver().get("http://127.0.0.1:" + http + "/live/1");
            Process ffmpeg = new ProcessBuilder("ffmpeg", "-v", "error", "-re", "-t", "12", "-i",
                    Fixtures.sample("dashwood.mp4").toString(), "-c", "copy", "-f", "mpegts", url + "?pkt_size=1316")
                    .redirectErrorStream(true).start();
            boolean sawPartial = false;
            String finalsWhilePlaying = "";
            while (ffmpeg.isAlive()) {
                sawPartial |= !chromium.evaluate("document.getElementById('partial').textContent").isBlank();
                finalsWhilePlaying = chromium.evaluate("document.getElementById('finals').innerText");
                Thread.sleep(200);
            }
            assertEquals(0, ffmpeg.exitValue());
            assertTrue(sawPartial, "the page showed partial captions as words formed");
            assertTrue(finalsWhilePlaying.contains("john dashwood"), "final captions showed while the stream played: " + finalsWhilePlaying);

            String state = "";
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!state.equals("the stream has ended") && System.nanoTime() < until) {
                Thread.sleep(200);
                state = chromium.evaluate("document.getElementById('state').textContent");
            }
            assertEquals("the stream has ended", state, "the page says when the stream has ended");
            chromium.screenshot(Path.of(System.getProperty("mmstream.root", "."), "streams", "target", "screenshots", "live-page.png"));
            // the page's lines hold a time stamp, then the text
            String shown = chromium.evaluate("[...document.querySelectorAll('#finals p')]"
                    + ".map(p => p.childNodes[1].textContent).join(' ')");
            String reference = CaptionsIT.segments().stream().filter(s -> s.end() < 12)
                    .map(CaptionsIT.Segment::text).collect(Collectors.joining(" "));
            double wer = WordErrorRate.of(reference, shown);
            assertTrue(wer <= 0.15, "WER " + wer + " of the page's captions: " + shown);
        }
        CliRun run = serve.get(60, TimeUnit.SECONDS);
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("serving on http://127.0.0.1:" + http + "/"), run.out());
    }
}
