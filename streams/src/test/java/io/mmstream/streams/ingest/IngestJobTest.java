package io.mmstream.streams.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mmstream.ingest.AudioChunk;
import io.mmstream.ingest.DecodeSummary;
import io.mmstream.ingest.MediaInfo;
import io.mmstream.ingest.MediaSink;
import io.mmstream.streams.kafka.RecordSender;
import io.mmstream.streams.records.DeadLetter;
import io.mmstream.streams.topics.Topics;
import java.util.List;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/**
 * An ingest thread that meets an Error (the kind a 30-minute live run once died of without a word)
 * ends its stream with the reason: the outcome names the error and where it was thrown, the dead
 * letter says it, and the stream's last audio record is sent after the audio heard, so captioning
 * finishes what was heard and nothing waits for audio that will never come.
 */
class IngestJobTest {

    /** A source that hands over 0.2 s of audio, then dies of an Error. */
    private static DecodeSummary twoChunksThenAStackOverflow(String input, MediaSink sink) {
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
    void anErrorInTheMiddleOfAStreamEndsItWithItsReason() {
        MockProducer<byte[], byte[]> producer = new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
        IngestJob.Outcome outcome;
        try (RecordSender sender = new RecordSender(producer, () -> false)) {
            outcome = new IngestJob(sender, IngestJobTest::twoChunksThenAStackOverflow).run("udp://127.0.0.1:9", "stream-1", info -> {});
        }
        assertTrue(outcome.failure().startsWith("internal error: java.lang.StackOverflowError at "), outcome.failure());
        assertTrue(outcome.failure().contains("IngestJobTest"), "where it was thrown: " + outcome.failure());
        assertTrue(!outcome.endLost(), outcome.failure());

        List<ProducerRecord<byte[], byte[]>> sent = producer.history();
        List<io.mmstream.streams.records.AudioChunk> audio = sent.stream().filter(r -> r.topic().equals(Topics.AUDIO.name()))
                .map(r -> Topics.AUDIO.valueSerde().deserializer().deserialize(r.topic(), r.value())).toList();
        assertEquals(3, audio.size(), "the two chunks heard, then the stream's end");
        assertTrue(audio.get(2).getLast(), "the last audio record ends the stream");
        assertEquals(200_000, audio.get(2).getStartUs(), "the end follows the last audio heard");
        List<DeadLetter> letters = sent.stream().filter(r -> r.topic().equals(Topics.DLQ.name()))
                .map(r -> Topics.DLQ.valueSerde().deserializer().deserialize(r.topic(), r.value())).toList();
        assertEquals(1, letters.size());
        assertTrue(letters.get(0).toString().contains("StackOverflowError"), letters.get(0).toString());
        assertTrue(sent.stream().anyMatch(r -> r.topic().equals(Topics.FRAMES.name())), "the frames are ended too");
    }
}
