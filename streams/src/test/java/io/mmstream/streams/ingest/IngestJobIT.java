package io.mmstream.streams.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mmstream.ingest.AudioChunk;
import io.mmstream.ingest.MediaInfo;
import io.mmstream.streams.kafka.KafkaCluster;
import io.mmstream.streams.kafka.RecordSender;
import io.mmstream.streams.kafka.TopicReader;
import io.mmstream.streams.topics.Topics;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An ingest thread that meets an Error (the kind a 30-minute live run once died of without a word)
 * ends its stream with the reason: the outcome names the error and where it was thrown, the dead
 * letter says it, and the stream's last audio record is written, so captioning finishes what was
 * heard and nothing waits for audio that will never come.
 */
class IngestJobIT {

    @TempDir
    Path dataDir;

    /** A source that hands over 0.2 s of audio, then dies of an Error. */
    private static io.mmstream.ingest.DecodeSummary twoChunksThenAStackOverflow(String input, io.mmstream.ingest.MediaSink sink) {
        sink.opened(new MediaInfo(input, "mpegts", -1, null, 0, 0, 0, "aac", 16_000, 1));
        try {
            sink.audio(new AudioChunk(0, new byte[3_200]));
            sink.audio(new AudioChunk(100_000, new byte[3_200]));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        throw new StackOverflowError();
    }

    @Test
    void anErrorInTheMiddleOfAStreamEndsItWithItsReason() throws Exception {
        try (KafkaCluster cluster = KafkaCluster.open(null, dataDir)) {
            cluster.ensureTopics(Topics.all());
            IngestJob.Outcome outcome;
            try (RecordSender sender = new RecordSender(cluster.producerConfig("test-ingest", "lz4", Topics.FRAME_MAX_MESSAGE_BYTES))) {
                IngestJob job = new IngestJob(sender, IngestJobIT::twoChunksThenAStackOverflow);
                outcome = job.run("udp://127.0.0.1:9", "stream-1", info -> {});
            }
            assertTrue(outcome.failure().startsWith("internal error: java.lang.StackOverflowError at "), outcome.failure());
            assertTrue(outcome.failure().contains("IngestJobIT"), "where it was thrown: " + outcome.failure());

            List<io.mmstream.streams.records.AudioChunk> audio = TopicReader.readAll(cluster, Topics.AUDIO).stream()
                    .map(r -> r.value()).filter(a -> a.getVideoId().equals("stream-1")).toList();
            assertEquals(3, audio.size(), "the two chunks heard, then the stream's end");
            assertTrue(audio.get(2).getLast(), "the last audio record ends the stream");
            assertEquals(200_000, audio.get(2).getStartUs(), "the end follows the last audio heard");

            var letters = TopicReader.readAll(cluster, Topics.DLQ).stream().map(r -> r.value())
                    .filter(d -> d.toString().contains("stream-1")).toList();
            assertEquals(1, letters.size());
            assertTrue(letters.get(0).toString().contains("StackOverflowError"), letters.get(0).toString());
        }
    }
}
