package io.mmstream.frames;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/** The clip feature extractors by name; {@link #DEFAULT} needs no weights. */
public final class ClipFeatureExtractors {

    /** The extractor used when none is named. */
    public static final String DEFAULT = "color-motion-v1";

    private static final Map<String, Supplier<ClipFeatureExtractor>> REGISTRY = new LinkedHashMap<>();

    static {
        register(DEFAULT, ColorMotionFeatures::new);
    }

    private ClipFeatureExtractors() {}

    /** Makes {@code name} available; later issues register the DJL and TorchScript extractors here. */
    public static synchronized void register(String name, Supplier<ClipFeatureExtractor> factory) {
        REGISTRY.put(name, factory);
    }

    /** The names registered. */
    public static synchronized Set<String> names() {
        return Set.copyOf(REGISTRY.keySet());
    }

    /** A new extractor called {@code name}. */
    public static synchronized ClipFeatureExtractor create(String name) {
        Supplier<ClipFeatureExtractor> factory = REGISTRY.get(name);
        if (factory == null) {
            throw new IllegalArgumentException("unknown clip feature extractor '" + name + "' (known: "
                    + String.join(", ", REGISTRY.keySet()) + ")");
        }
        return factory.get();
    }
}
