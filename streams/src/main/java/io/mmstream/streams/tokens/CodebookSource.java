package io.mmstream.streams.tokens;

import io.mmstream.tokenizer.kmeans.CodebookStore;
import io.mmstream.tokenizer.kmeans.DistanceKernels;
import io.mmstream.tokenizer.kmeans.VisualCodebook;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;

/**
 * The codebook in use, followed from a {@link CodebookStore}: {@link #refresh} loads a new current
 * version when one was trained, so a running topology moves to it without a restart.
 */
public final class CodebookSource {

    /** A loaded version. */
    public record Current(String version, VisualCodebook codebook) {}

    private final CodebookStore store;
    private volatile Current current;

    public CodebookSource(CodebookStore store) {
        this.store = store;
        refresh();
    }

    /** The codebook in use, or null before one was trained. */
    public Current current() {
        return current;
    }

    /** Loads the store's current version if it changed. */
    public void refresh() {
        try {
            String version = store.current();
            Current now = current;
            if (version != null && (now == null || !Objects.equals(now.version(), version))) {
                current = new Current(version, store.load(version, DistanceKernels.best()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load the current codebook: " + e.getMessage(), e);
        }
    }
}
