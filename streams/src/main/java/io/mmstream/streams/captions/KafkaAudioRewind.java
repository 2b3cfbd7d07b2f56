package io.mmstream.streams.captions;

import io.mmstream.streams.records.AudioChunk;
import io.mmstream.streams.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/** An {@link AudioRewind} that reads {@code mm.audio} with a consumer of its own (no group, committed records only). */
final class KafkaAudioRewind implements AudioRewind {

    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration GIVE_UP = Duration.ofSeconds(60);

    private final Map<String, Object> readerConfig;
    private KafkaConsumer<byte[], byte[]> consumer;

    KafkaAudioRewind(Map<String, Object> readerConfig) {
        this.readerConfig = readerConfig;
    }

    @Override
    public List<Chunk> chunks(String video, int partition, long from, long to) {
        if (consumer == null) {
            consumer = new KafkaConsumer<>(readerConfig);
        }
        TopicPartition tp = new TopicPartition(Topics.AUDIO.name(), partition);
        consumer.assign(List.of(tp));
        consumer.seek(tp, from);
        byte[] key = video.getBytes(StandardCharsets.UTF_8);
        List<Chunk> chunks = new ArrayList<>();
        long deadline = System.nanoTime() + GIVE_UP.toNanos();
        while (consumer.position(tp) < to) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("cannot read back " + Topics.AUDIO.name() + "-" + partition + " from offset "
                        + from + " to " + to + " within " + GIVE_UP.toSeconds() + " s");
            }
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(POLL)) {
                if (r.offset() < to && java.util.Arrays.equals(key, r.key())) {
                    try {
                        AudioChunk chunk = Topics.AUDIO.valueSerde().deserializer().deserialize(r.topic(), r.value());
                        if (chunk != null) {
                            chunks.add(new Chunk(r.offset(), chunk));
                        }
                    } catch (RuntimeException undecodable) {
                        // its dead letter was sent when it was first read
                    }
                }
            }
        }
        return chunks;
    }

    @Override
    public void close() {
        if (consumer != null) {
            consumer.close(Duration.ofSeconds(5));
        }
    }
}
