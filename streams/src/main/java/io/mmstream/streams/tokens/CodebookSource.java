package io.mmstream.streams.tokens;

import io.mmstream.tokenizer.kmeans.CodebookStore;
import io.mmstream.tokenizer.kmeans.DistanceKernels;
import io.mmstream.tokenizer.kmeans.VisualCodebook;
import java.io.IOException;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The codebook in use, followed from a {@link CodebookStore}: {@link #refresh} loads a new current
 * version when one was trained, so a running topology moves to it without a restart.
 */
public final class CodebookSource {

    /** A loaded version. */
    public record Current(String version, VisualCodebook codebook) {}

    private final CodebookStore store;
    private static final Logger LOG = LoggerFactory.getLogger(CodebookSource.class);

    private volatile Current current;
    private volatile String refused;

    public CodebookSource(CodebookStore store) {
        this.store = store;
        refresh();
    }

    /** The version most recently refused, or null. */
    public String refused() {
        return refused;
    }

    /** The codebook in use, or null before one was trained. */
    public Current current() {
        return current;
    }

    /**
     * Loads the store's current version if it changed. A version that cannot be loaded (corrupt,
     * foreign) is reported once and the codebook in use stays: tokens never come from a bad file.
     */
    public void refresh() {
        String version;
        try {
            version = store.current();
        } catch (IOException e) {
            LOG.warn("cannot read the current codebook version: {}", e.getMessage());
            return;
        }
        Current now = current;
        if (version == null || (now != null && Objects.equals(now.version(), version)) || version.equals(refused)) {
            return;
        }
        try {
            current = new Current(version, store.load(version, DistanceKernels.best()));
            LOG.info("visual tokens now come from codebook {}", version);
        } catch (IOException e) {
            refused = version;
            LOG.warn("codebook {} refused, keeping {}: {}", version, now == null ? "none" : now.version(), e.getMessage());
        }
    }
}
