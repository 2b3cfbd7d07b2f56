package io.mmstream.streams.embeddings;

import io.mmstream.models.videobert.ModelStore;
import io.mmstream.models.videobert.VideoBert;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The VideoBERT version in use, followed from a {@link ModelStore}: {@link #refresh} loads a new
 * current version when one was trained, so a running topology moves to it without a restart. A
 * version that cannot be loaded is reported once and the one in use stays.
 *
 * <p>Replaced models stay open until the source closes: a stream thread may still be running one.
 */
public final class ModelSource implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ModelSource.class);

    /** A loaded version. */
    public record Current(String version, VideoBert model) {}

    private final ModelStore store;
    private final List<VideoBert> loaded = new ArrayList<>();
    private volatile Current current;
    private volatile String refused;

    public ModelSource(ModelStore store) {
        this.store = store;
        refresh();
    }

    /** The model in use, or null before one was trained. */
    public Current current() {
        return current;
    }

    /** Loads the store's current version if it changed. */
    public synchronized void refresh() {
        String version;
        try {
            version = store.current();
        } catch (java.io.IOException e) {
            LOG.warn("cannot read the current model version: {}", e.getMessage());
            return;
        }
        Current now = current;
        if (version == null || (now != null && Objects.equals(now.version(), version)) || version.equals(refused)) {
            return;
        }
        try {
            VideoBert model = VideoBert.load(store.modelFolder(version));
            loaded.add(model);
            current = new Current(version, model);
            LOG.info("embeddings now come from model {}", version);
        } catch (java.io.IOException | ai.djl.MalformedModelException | RuntimeException e) {
            refused = version;
            LOG.warn("model {} refused, keeping {}: {}", version, now == null ? "none" : now.version(), e.getMessage());
        }
    }

    @Override
    public synchronized void close() {
        loaded.forEach(VideoBert::close);
        loaded.clear();
    }
}
