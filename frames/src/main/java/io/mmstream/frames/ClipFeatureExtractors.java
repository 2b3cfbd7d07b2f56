package io.mmstream.frames;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The clip feature extractors by name; {@link #DEFAULT} needs no weights, model-based families come
 * from {@link ClipFeatureExtractorProvider}s on the class path.
 */
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

    /** Scales {@code v} in place to unit length (a zero vector stays zero) and returns it: what every extractor returns. */
    public static float[] unitLength(float[] v) {
        double norm = 0;
        for (float x : v) {
            norm += x * x;
        }
        norm = Math.sqrt(norm);
        for (int i = 0; i < v.length; i++) {
            v[i] = norm == 0 ? 0f : (float) (v[i] / norm);
        }
        return v;
    }

    /** The names registered. */
    public static synchronized Set<String> names() {
        return Set.copyOf(REGISTRY.keySet());
    }

    /**
     * A new extractor called {@code name}: a registered name, or {@code family:argument} for a
     * {@link ClipFeatureExtractorProvider} on the class path (e.g. {@code torchscript:/models/s3d.pt}),
     * or a provider's bare family name (e.g. {@code centernet}, whose weights are bundled).
     */
    public static synchronized ClipFeatureExtractor create(String name) {
        Supplier<ClipFeatureExtractor> factory = REGISTRY.get(name);
        if (factory != null) {
            return factory.get();
        }
        int colon = name.indexOf(':');
        String family = colon > 0 ? name.substring(0, colon) : name;
        for (ClipFeatureExtractorProvider provider : ServiceLoader.load(ClipFeatureExtractorProvider.class)) {
            if (provider.family().equals(family)) {
                return provider.create(colon > 0 ? name.substring(colon + 1) : "");
            }
        }
        List<String> known = new ArrayList<>(REGISTRY.keySet());
        ServiceLoader.load(ClipFeatureExtractorProvider.class).forEach(p -> known.add(p.family() + ":<argument>"));
        throw new IllegalArgumentException("unknown clip feature extractor '" + name + "' (known: "
                + String.join(", ", known) + ")");
    }
}
