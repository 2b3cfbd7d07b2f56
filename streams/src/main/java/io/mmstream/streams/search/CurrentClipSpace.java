package io.mmstream.streams.search;

import io.mmstream.index.SharedSpace;
import io.mmstream.models.clip.ClipSpace;
import io.mmstream.models.videobert.ModelStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * The CLIP model that is current in a data dir ({@code models/clip/CURRENT}), as its plain-Java
 * towers: looked up again at most every two seconds, so a model trained while {@code index} or
 * {@code serve} runs is taken up without a restart. Null while none is trained.
 */
public final class CurrentClipSpace implements Supplier<ClipSpace> {

    private static final long RECHECK_NANOS = 2_000_000_000L;

    private final ModelStore store;
    private ClipSpace space;
    private String failed;
    private long checkedAt;
    private boolean checked;

    /** The current CLIP model of the runs in {@code clipFolder} ({@code <data-dir>/models/clip}). */
    public CurrentClipSpace(Path clipFolder) {
        this.store = new ModelStore(clipFolder, "clip");
    }

    @Override
    public synchronized ClipSpace get() {
        long now = System.nanoTime();
        if (checked && now - checkedAt < RECHECK_NANOS) {
            return space;
        }
        checked = true;
        checkedAt = now;
        try {
            String version = store.current();
            if (version == null) {
                space = null;
            } else if (space == null || !space.name().equals(version)) {
                space = ClipSpace.load(store.modelFolder(version), version);
            }
        } catch (IOException | RuntimeException e) {
            String reason = "the CLIP model " + store.folder() + " cannot be read (" + e.getMessage() + "): search goes on without it";
            if (!reason.equals(failed)) {
                System.err.println(reason);
                failed = reason;
            }
            space = null;
        }
        return space;
    }

    /** The current space as search takes it, or null. */
    public SharedSpace forSearch() {
        ClipSpace current = get();
        return current == null ? null : forSearch(current);
    }

    /** {@code space} as search takes it: its name, and its text tower for a query's sentence vector. */
    public static SharedSpace forSearch(ClipSpace space) {
        return new SharedSpace() {
            @Override
            public String name() {
                return space.name();
            }

            @Override
            public float[] fromSentence(float[] sentenceVector) {
                return space.text(sentenceVector);
            }
        };
    }
}
