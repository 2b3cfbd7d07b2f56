package io.mmstream.streams.captions;

import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Where each video's utterance in progress starts: the offset in {@code mm.audio} of the first chunk
 * its recogniser has heard since the last final result. Changelogged, so a recogniser that takes the
 * video over on another instance (a command joined or left, or this one crashed) reads the audio
 * back from there ({@link AudioRewind}) and loses no word; one small record per utterance.
 */
final class UtteranceStarts {

    static final String STORE = "utterance-starts";

    private final KeyValueStore<String, Long> store;

    UtteranceStarts(KeyValueStore<String, Long> store) {
        this.store = store;
    }

    /** The store's definition: in memory, restored from its compacted changelog at start. */
    static StoreBuilder<KeyValueStore<String, Long>> storeBuilder() {
        return Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(STORE), Serdes.String(), Serdes.Long())
                .withLoggingEnabled(Map.of());
    }

    /** The offset the video's utterance in progress starts at, or null when none is (a new video, or one that ended). */
    Long get(String video) {
        return store.get(video);
    }

    /** The video's next utterance starts at {@code offset}. */
    void startAt(String video, long offset) {
        store.put(video, offset);
    }

    /** The video has ended: nothing of it is pending. */
    void forget(String video) {
        store.delete(video);
    }
}
