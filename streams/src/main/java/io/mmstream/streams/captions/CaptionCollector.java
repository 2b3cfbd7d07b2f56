package io.mmstream.streams.captions;

import io.mmstream.asr.captions.Cue;
import io.mmstream.streams.records.Caption;
import io.mmstream.streams.topics.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads {@code mm.captions} from the moment it is opened and gathers the cues of the videos it is
 * told to expect, until each video's end-of-stream cue has arrived.
 *
 * <p>Open it before producing the audio: it starts at the topic's end, so it sees every cue of those
 * videos and none of older runs. It reads only committed transactions (exactly-once output).
 */
public final class CaptionCollector implements AutoCloseable {

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Set<String> expected = ConcurrentHashMap.newKeySet();
    private final Set<String> ended = new HashSet<>();
    private final Map<String, List<Cue>> finals = new HashMap<>();
    private final Map<String, Long> reachedUs = new HashMap<>();

    public CaptionCollector(Map<String, Object> readerConfig) {
        consumer = new KafkaConsumer<>(readerConfig);
        List<TopicPartition> partitions = new ArrayList<>();
        for (PartitionInfo p : consumer.partitionsFor(Topics.CAPTIONS.name(), Duration.ofSeconds(30))) {
            partitions.add(new TopicPartition(p.topic(), p.partition()));
        }
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
    }

    /** Adds a video whose cues to gather. */
    public void expect(String videoId) {
        expected.add(videoId);
    }

    /** Whether every expected video has ended. */
    public boolean allEnded() {
        return ended.containsAll(expected);
    }

    /** Stops waiting for {@code videoId}: its end will not come (its ingest could not write it). */
    public void abandon(String videoId) {
        ended.add(videoId);
    }

    /** The videos still running. */
    public Set<String> pending() {
        Set<String> pending = new HashSet<>(expected);
        pending.removeAll(ended);
        return pending;
    }

    /**
     * Polls once for up to {@code timeout}; each caption of an expected video goes to {@code onCue}.
     *
     * @return whether any record of an expected video arrived
     */
    public boolean poll(Duration timeout, BiConsumer<String, Caption> onCue) {
        boolean progress = false;
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(timeout)) {
            Caption c = Topics.CAPTIONS.valueSerde().deserializer().deserialize(r.topic(), r.value());
            String video = c.getVideoId();
            if (!expected.contains(video)) {
                continue;
            }
            progress = true;
            reachedUs.merge(video, c.getEndUs(), Math::max);
            if (c.getEndOfStream()) {
                ended.add(video);
            } else if (c.getIsFinal()) {
                finals.computeIfAbsent(video, v -> new ArrayList<>())
                        .add(new Cue(c.getStartUs(), c.getEndUs(), c.getLines(), true));
            }
            onCue.accept(video, c);
        }
        return progress;
    }

    /** The final cues gathered for {@code videoId}, in arrival order. */
    public List<Cue> finalCues(String videoId) {
        return List.copyOf(finals.getOrDefault(videoId, List.of()));
    }

    /** Media time the captions of {@code videoId} have reached. */
    public long reachedUs(String videoId) {
        return reachedUs.getOrDefault(videoId, 0L);
    }

    /** Media time reached summed over {@code videos}. */
    public long reachedUs(Collection<String> videos) {
        return videos.stream().mapToLong(this::reachedUs).sum();
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
