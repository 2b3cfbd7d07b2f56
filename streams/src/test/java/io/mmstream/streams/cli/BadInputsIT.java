package io.mmstream.streams.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mmstream.ingest.Fixtures;
import io.mmstream.streams.kafka.KafkaCluster;
import io.mmstream.streams.kafka.RecordSender;
import io.mmstream.streams.kafka.TopicReader;
import io.mmstream.streams.records.DeadLetter;
import io.mmstream.streams.topics.Topics;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every kind of bad input in one command, beside good ones, against a Kafka given by
 * {@code --bootstrap-servers} (here a broker the test runs): each bad input gets one stderr line
 * and a dead letter, the good ones are still captioned, and nothing hangs.
 */
class BadInputsIT {

    @TempDir
    Path work;

    @Test
    void badInputsFailAloneAndLoudly() throws Exception {
        try (KafkaCluster cluster = KafkaCluster.open(null, work.resolve("broker"));
                ServerSocket silent = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            cluster.ensureTopics(Topics.all());
            // a server that accepts connections and never answers: the input must time out, not hang
            List<Socket> held = new ArrayList<>();
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        held.add(silent.accept());
                    }
                } catch (Exception closed) {
                    // the test is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            // an HLS playlist whose segment the server no longer has
            com.sun.net.httpserver.HttpServer hls = com.sun.net.httpserver.HttpServer.create(
                    new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            hls.createContext("/", exchange -> {
                byte[] body = exchange.getRequestURI().getPath().endsWith(".m3u8")
                        ? "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:4\n#EXTINF:4.0,\nseg0.ts\n#EXT-X-ENDLIST\n"
                                .getBytes(StandardCharsets.UTF_8) : null;
                exchange.sendResponseHeaders(body == null ? 404 : 200, body == null ? -1 : body.length);
                if (body != null) {
                    exchange.getResponseBody().write(body);
                }
                exchange.close();
            });
            hls.start();
            // a record on mm.audio that is not an AudioChunk at all
            try (KafkaProducer<byte[], byte[]> raw = new KafkaProducer<>(cluster.producerConfig("garbage", "none", 1024))) {
                raw.send(new ProducerRecord<>(Topics.AUDIO.name(), "garbage".getBytes(StandardCharsets.UTF_8),
                        "definitely not avro".getBytes(StandardCharsets.UTF_8))).get();
            }

            Map<String, String> bad = new LinkedHashMap<>();
            bad.put(work.resolve("missing.mp4").toString(), "no such file");
            bad.put(Fixtures.media("empty.mp4").toString(), "empty file");
            bad.put(Fixtures.media("random.bin").toString(), "cannot open: Invalid data found when processing input");
            bad.put(Fixtures.media("truncated.mp4").toString(), "moov atom not found");
            bad.put(Fixtures.media("truncated-faststart.mp4").toString(), "truncated or corrupt");
            bad.put("http://127.0.0.1:9/unreachable.mp4", "cannot open: Connection refused");
            bad.put("http://127.0.0.1:" + silent.getLocalPort() + "/silent.mp4", "cannot open: Connection timed out");
            bad.put("http://127.0.0.1:" + hls.getAddress().getPort() + "/gone/index.m3u8", "cannot open: the server answered HTTP error 404");
            String audioOnly = Fixtures.media("audio-only.ogg").toString();
            String videoOnly = Fixtures.media("video-only.mp4").toString();

            List<String> args = new ArrayList<>(List.of("--bootstrap-servers", cluster.bootstrapServers(),
                    "--data-dir", work.resolve("data").toString(), "captions", "--timeout", "2",
                    "--out-dir", work.resolve("out").toString(), audioOnly));
            args.addAll(bad.keySet());
            args.add(videoOnly);
            long started = System.nanoTime();
            CliRun run = CliRun.of(args.toArray(String[]::new));
            assertTrue(System.nanoTime() - started < 120_000_000_000L, "no hang");

            assertEquals(1, run.exitCode(), run.err());
            List<String> lines = run.failureLines();
            assertEquals(bad.size(), lines.size(), run.err());
            for (Map.Entry<String, String> e : bad.entrySet()) {
                assertTrue(lines.stream().anyMatch(l -> l.startsWith(e.getKey() + ": ") && l.contains(e.getValue())),
                        "a line for " + e.getKey() + " saying " + e.getValue() + "\n" + run.err());
            }

            Path out = work.resolve("out");
            assertTrue(WebVtt.parse(Files.readString(out.resolve("audio-only.vtt"))).size() >= 2, "good input captioned");
            assertEquals("WEBVTT\n\n", Files.readString(out.resolve("video-only.vtt")), "video only: a valid file, no cues");
            for (String name : List.of("missing.vtt", "empty.vtt", "random.vtt", "truncated.vtt", "unreachable.vtt", "silent.vtt")) {
                assertFalse(Files.exists(out.resolve(name)), name + " is not written for an input that never opened");
            }

            List<DeadLetter> dead = TopicReader.readAll(cluster, Topics.DLQ).stream().map(r -> r.value()).toList();
            for (String input : bad.keySet()) {
                assertTrue(dead.stream().anyMatch(d -> d.getSource().equals(input) && d.getStage().equals("ingest")),
                        "a dead letter for " + input);
            }
            assertTrue(dead.stream().anyMatch(d -> d.getStage().equals("deserialize") && "mm.audio".equals(d.getTopic())
                    && new String(d.getOriginal().array(), StandardCharsets.UTF_8).equals("definitely not avro")),
                    "the undecodable record is on the dead-letter topic with its bytes");
            for (Socket s : held) {
                s.close();
            }
            hls.stop(0);
        }
    }
}
