package io.mmstream.streams.search;

import io.mmstream.index.MomentIndex;
import java.util.List;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.state.QueryableStoreType;
import org.apache.kafka.streams.state.internals.StateStoreProvider;
import org.apache.kafka.streams.state.internals.WrappedStateStore;

/** The search indexes of the tasks this instance holds, as Kafka Streams' interactive queries hand them out. */
public final class LocalMoments {

    private final java.util.Map<String, MomentIndex> indexes;

    private LocalMoments(java.util.Map<String, MomentIndex> indexes) {
        this.indexes = indexes;
    }

    /** The indexes, one per local task. */
    public List<MomentIndex> indexes() {
        return List.copyOf(indexes.values());
    }

    /** The indexes by task ({@code 0_2}). */
    public java.util.Map<String, MomentIndex> byTask() {
        return indexes;
    }

    /** The store type to ask {@code KafkaStreams.store} for: it unwraps Streams' metering and logging layers. */
    public static QueryableStoreType<LocalMoments> storeType() {
        // the provider hands out the stores themselves, typed as the store type's result: ask for them as stores
        QueryableStoreType<StateStore> stores = new QueryableStoreType<>() {
            @Override
            public boolean accepts(StateStore store) {
                return lucene(store) != null;
            }

            @Override
            public StateStore create(StateStoreProvider provider, String storeName) {
                throw new UnsupportedOperationException("only used to list the stores");
            }
        };
        return new QueryableStoreType<>() {
            @Override
            public boolean accepts(StateStore store) {
                return lucene(store) != null;
            }

            @Override
            public LocalMoments create(StateStoreProvider provider, String storeName) {
                java.util.Map<String, MomentIndex> indexes = new java.util.TreeMap<>();
                for (StateStore store : provider.stores(storeName, stores)) {
                    LuceneStore lucene = lucene(store);
                    if (lucene != null && lucene.isOpen()) {
                        indexes.put(lucene.task(), lucene.index());
                    }
                }
                return new LocalMoments(indexes);
            }
        };
    }

    static LuceneStore lucene(StateStore store) {
        StateStore s = store;
        while (s instanceof WrappedStateStore<?, ?, ?> wrapped) {
            s = wrapped.wrapped();
        }
        return s instanceof LuceneStore l ? l : null;
    }
}
