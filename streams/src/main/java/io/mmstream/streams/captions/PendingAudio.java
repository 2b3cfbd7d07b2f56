package io.mmstream.streams.captions;

import io.mmstream.streams.records.AudioChunk;
import io.mmstream.streams.topics.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The audio of each video's utterance in progress: the chunks fed to its recogniser since the last
 * final result, in a changelogged store, so a recogniser that takes the video over elsewhere can hear
 * them again. Small by nature: an utterance lasts seconds (at most about 30 s, 1 MB).
 *
 * <p>Keys are {@code <video id> NUL <start in us, 19 digits>}: a video's chunks sort together, in time order.
 */
final class PendingAudio {

    static final String STORE = "pending-audio";

    private final KeyValueStore<String, AudioChunk> store;

    PendingAudio(KeyValueStore<String, AudioChunk> store) {
        this.store = store;
    }

    /** The store's definition: in memory (it is small), restored from its changelog topic. */
    static StoreBuilder<KeyValueStore<String, AudioChunk>> storeBuilder() {
        return Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(STORE), Serdes.String(), Topics.AUDIO.valueSerde());
    }

    void add(String video, AudioChunk chunk) {
        store.put(key(video, chunk.getStartUs()), chunk);
    }

    /** The video's stored chunks that start before {@code startUs}, in time order. */
    List<AudioChunk> before(String video, long startUs) {
        List<AudioChunk> chunks = new ArrayList<>();
        try (KeyValueIterator<String, AudioChunk> it = store.range(key(video, 0), key(video, startUs))) {
            while (it.hasNext()) {
                KeyValue<String, AudioChunk> next = it.next();
                if (next.value.getStartUs() < startUs) {
                    chunks.add(next.value);
                }
            }
        }
        return chunks;
    }

    /** Forgets the video's chunks that start at or before {@code startUs}: an utterance heard from them is final. */
    void clearThrough(String video, long startUs) {
        List<String> done = new ArrayList<>();
        try (KeyValueIterator<String, AudioChunk> it = store.range(key(video, 0), key(video, startUs))) {
            it.forEachRemaining(kv -> done.add(kv.key));
        }
        done.forEach(store::delete);
    }

    /** Forgets all of the video's chunks. */
    void clear(String video) {
        clearThrough(video, Long.MAX_VALUE);
    }

    private static String key(String video, long startUs) {
        return video + '\u0000' + String.format(Locale.ROOT, "%019d", Math.max(0, startUs));
    }
}
