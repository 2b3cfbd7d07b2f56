package io.mmstream.streams.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mmstream.asr.WordErrorRate;
import io.mmstream.ingest.Fixtures;
import io.mmstream.streams.lanes.Quiet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One {@code live} command captions the same recorded speech through the servers people stream
 * through, all at once, each started from Debian's packages on loopback: RTMP through nginx's RTMP
 * module, SRT with ffmpeg as listener and as caller, HLS that ffmpeg writes into a folder nginx
 * serves, RTSP from VLC. Every publisher stops in the silence after the second utterance and comes
 * back {@value #GAP_S} s later with the rest; each stream's captions match the recording, keep the
 * hole in their times, and end with the command's status 0.
 */
@Quiet
class LiveProtocolsIT {

    /** Silence before the recording, so that a publisher started while mmstream connects loses no word. */
    private static final double LEAD_S = 4;
    /** Where publishers stop: in the recording's silence from 11.4 s to 12.9 s, on the lead's clock. */
    private static final double CUT_S = LEAD_S + 12.1;
    private static final double GAP_S = 4;
    /** When the first word after the cut is said, on the lead's clock. */
    private static final double RESUMED_WORD_S = LEAD_S + 12.87;
    private static final double FIRST_WORD_S = LEAD_S + 0.742;

    @TempDir
    Path work;

    @Test
    void rtmpSrtHlsAndRtspStreamsAreCaptionedAcrossACutToTheirEnd() throws Exception {
        // the recording after a lead of silence (all publishers), and its rest after the cut with its
        // own lead (VLC: an RTSP client joins a broadcast where it is, after its reconnection back-off)
        Path lead = work.resolve("lead.mp4");
        Path rest = work.resolve("rest.mp4");
        Process leadMade = withSilence(lead, 0);
        Process restMade = withSilence(rest, CUT_S - LEAD_S);
        assertEquals(0, leadMade.waitFor());
        assertEquals(0, restMade.waitFor());

        try (LiveServers servers = new LiveServers(work)) {
            servers.startNginx();
            int srtListening = UdpPorts.free();
            int srtCalling = UdpPorts.free();
            int rtsp = LiveServers.freeTcpPort();
            String rtmpUrl = servers.rtmp("x");
            String hlsUrl = servers.hls("x.m3u8");
            String srtCallerUrl = "srt://127.0.0.1:" + srtListening;
            String srtListenerUrl = "srt://127.0.0.1:" + srtCalling + "?mode=listener";
            String rtspUrl = "rtsp://127.0.0.1:" + rtsp + "/s";
            List<String> urls = List.of(rtmpUrl, hlsUrl, srtCallerUrl, srtListenerUrl, rtspUrl);
            Map<String, Long[]> cuts = new ConcurrentHashMap<>();
            String leadFile = lead.toString();
            String cut = Double.toString(CUT_S);
            Path logs = Files.createDirectories(work.resolve("logs"));

            // ffmpeg as SRT listener waits for mmstream to call before it plays
            List<CompletableFuture<Void>> publishers = new ArrayList<>();
            publishers.add(cutAndResume(srtCallerUrl, cuts,
                    () -> servers.ffmpeg(logs.resolve("srt-l1"), "-re", "-t", cut, "-i", leadFile, "-c:a", "aac", "-f", "mpegts",
                            srtCallerUrl + "?mode=listener"), false,
                    () -> servers.ffmpeg(logs.resolve("srt-l2"), "-re", "-ss", cut, "-i", leadFile, "-c:a", "aac", "-f", "mpegts",
                            srtCallerUrl + "?mode=listener")));

            Path vtts = work.resolve("vtt");
            Path jsonl = work.resolve("cues.jsonl");
            List<String> args = new ArrayList<>(List.of("--data-dir", work.resolve("data").toString(), "live"));
            args.addAll(urls);
            args.addAll(List.of("--stall", "2", "--timeout", "8", "--vtt", vtts.toString(), "--jsonl", jsonl.toString()));
            long startedAt = System.currentTimeMillis();
            CompletableFuture<CliRun> live = CompletableFuture.supplyAsync(() -> CliRun.of(args.toArray(String[]::new)));
            // the command reads its streams once its SRT listener is up
            UdpPorts.awaitListening(live, srtCalling);

            // the RTMP publisher and the HLS packager are killed; the SRT caller and VLC stop at the cut
            publishers.add(cutAndResume(rtmpUrl, cuts,
                    () -> servers.ffmpeg(logs.resolve("rtmp1"), "-re", "-i", leadFile, "-c:a", "aac", "-f", "flv", rtmpUrl), true,
                    () -> servers.ffmpeg(logs.resolve("rtmp2"), "-re", "-ss", cut, "-i", leadFile, "-c:a", "aac", "-f", "flv", rtmpUrl)));
            String playlist = servers.hlsFolder().resolve("x.m3u8").toString();
            publishers.add(cutAndResume(hlsUrl, cuts,
                    () -> servers.ffmpeg(logs.resolve("hls1"), "-re", "-i", leadFile, "-c:a", "aac", "-f", "hls", "-hls_time", "1",
                            "-hls_list_size", "6", "-hls_flags", "delete_segments", playlist), true,
                    // a packager that comes back goes on with the playlist's numbering, after a discontinuity
                    () -> servers.ffmpeg(logs.resolve("hls2"), "-re", "-ss", cut, "-i", leadFile, "-c:a", "aac", "-f", "hls",
                            "-hls_time", "1", "-hls_list_size", "6", "-hls_flags", "append_list+discont_start+delete_segments", playlist)));
            publishers.add(cutAndResume(srtListenerUrl, cuts,
                    () -> servers.ffmpeg(logs.resolve("srt-c1"), "-re", "-t", cut, "-i", leadFile, "-c:a", "aac", "-f", "mpegts",
                            "srt://127.0.0.1:" + srtCalling), false,
                    () -> servers.ffmpeg(logs.resolve("srt-c2"), "-re", "-ss", cut, "-i", leadFile, "-c:a", "aac", "-f", "mpegts",
                            "srt://127.0.0.1:" + srtCalling)));
            publishers.add(cutAndResume(rtspUrl, cuts,
                    () -> servers.vlcRtsp(lead, rtsp, CUT_S, logs.resolve("vlc1")), false,
                    () -> servers.vlcRtsp(rest, rtsp, null, logs.resolve("vlc2"))));

            CliRun run = live.get(150, TimeUnit.SECONDS);
            long took = System.currentTimeMillis() - startedAt;
            CompletableFuture.allOf(publishers.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
            assertEquals(0, run.exitCode(), run.err());
            System.out.printf("LiveProtocolsIT: live ran %.1f s; its stderr:%n%s%n", took / 1000.0, run.err());

            List<JsonNode> cues = cues(jsonl);
            String reference = CaptionsIT.segments().stream().map(CaptionsIT.Segment::text).collect(Collectors.joining(" "));
            List<Path> files;
            try (Stream<Path> listed = Files.list(vtts)) {
                files = listed.sorted().toList();
            }
            for (int i = 0; i < urls.size(); i++) {
                String url = urls.get(i);
                List<JsonNode> settled = LiveIT.settled(cues, url);
                assertTrue(settled.size() > 2, url + ": final cues: " + settled + "\n" + run.err());
                String heard = settled.stream().map(c -> c.get("text").asText()).collect(Collectors.joining(" "));
                double wer = WordErrorRate.of(reference, heard);
                assertTrue(wer <= 0.15, url + ": WER " + wer + ": " + heard);

                // the stream's clock: its first words were said at FIRST_WORD_S
                long base = settled.get(0).get("start_ms").asLong() - Math.round(FIRST_WORD_S * 1000);
                JsonNode resumed = settled.stream().filter(c -> c.get("start_ms").asLong() > base + CUT_S * 1000).findFirst()
                        .orElseThrow(() -> new AssertionError(url + ": no cue after the cut: " + settled));
                long shift = resumed.get("start_ms").asLong() - base - Math.round(RESUMED_WORD_S * 1000);
                Long[] cutAndBack = cuts.get(url);
                long gap = cutAndBack[1] - cutAndBack[0];
                // VLC's rest begins with its own lead; an ffmpeg SRT listener plays once mmstream calls again
                long extra = url.equals(rtspUrl) ? Math.round(LEAD_S * 1000) : 0;
                long slack = url.equals(srtCallerUrl) ? 4000 : 2000;
                assertTrue(shift >= gap + extra - 1500 && shift <= gap + extra + slack, url + ": the words after the cut are "
                        + shift + " ms later than without it; the publisher was away " + gap + " ms: " + resumed);
                assertTrue(run.err().contains(url + ": stream back after"), url + ": the return is reported: " + run.err());
                String end = url.equals(hlsUrl) ? ": the stream ended" : ": no data for 8 s: the stream has ended";
                assertTrue(run.err().contains(url + end), url + ": the end is reported: " + run.err());
                String vtt = Files.readString(files.get(i));
                int written;
                try {
                    written = WebVtt.parse(vtt).size();
                } catch (AssertionError e) {
                    throw new AssertionError(url + ": " + e.getMessage() + "\n" + vtt, e);
                }
                assertEquals(settled.size(), written, url + ": the WebVTT file holds every final cue");
            }
        }
    }

    /** A publisher of part 1 and, {@value #GAP_S} s after it stopped (or was killed at the cut), of part 2. */
    private static CompletableFuture<Void> cutAndResume(String url, Map<String, Long[]> cuts, Starter first, boolean killAtCut,
            Starter second) {
        return CompletableFuture.runAsync(() -> {
            try {
                Process one = first.start();
                if (killAtCut) {
                    one.waitFor(Math.round(CUT_S * 1000), TimeUnit.MILLISECONDS);
                    one.destroyForcibly();
                }
                one.waitFor();
                long cutAt = System.currentTimeMillis();
                Thread.sleep(Math.round(GAP_S * 1000));
                cuts.put(url, new Long[] {cutAt, System.currentTimeMillis()});
                second.start().waitFor();
            } catch (Exception e) {
                throw new IllegalStateException(url + ": publisher failed", e);
            }
        });
    }

    @FunctionalInterface
    private interface Starter {
        Process start() throws Exception;
    }

    /** Writes the recording's audio from {@code fromS} on, after LEAD_S of silence and before 1.5 s more. */
    private static Process withSilence(Path out, double fromS) throws Exception {
        String silence = "anullsrc=r=16000:cl=mono";
        return new ProcessBuilder("ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-t", Double.toString(LEAD_S), "-i", silence,
                "-ss", Double.toString(fromS), "-i", Fixtures.sample("dashwood.mp4").toString(), "-f", "lavfi", "-t", "1.5", "-i", silence,
                "-filter_complex", "[0:a][1:a][2:a]concat=n=3:v=0:a=1[a]", "-map", "[a]", "-c:a", "aac", "-b:a", "64k", out.toString())
                .redirectErrorStream(true).start();
    }

    private static List<JsonNode> cues(Path jsonl) throws java.io.IOException {
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> cues = new ArrayList<>();
        for (String line : Files.readAllLines(jsonl)) {
            cues.add(json.readTree(line));
        }
        return cues;
    }
}
