package io.mmstream.streams.search;

import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueStore;

/** Makes a {@link LuceneStore} per task. */
final class LuceneStoreSupplier implements KeyValueBytesStoreSupplier {

    private final String name;

    LuceneStoreSupplier(String name) {
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public KeyValueStore<Bytes, byte[]> get() {
        return new LuceneStore(name);
    }

    @Override
    public String metricsScope() {
        return "lucene";
    }
}
