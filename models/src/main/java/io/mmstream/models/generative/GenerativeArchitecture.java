package io.mmstream.models.generative;

import java.util.Arrays;
import java.util.List;

/** The generative architectures by name, with what tells them apart. */
public enum GenerativeArchitecture {
    DALL_E("dall-e", "text-to-image: a discrete VAE (32 x 32 pictures, 8 x 8 codes), then one decoder-only transformer over"
            + " word pieces and codes, left to right; samples ranked by the image CLIP"),
    M6("m6", "one transformer over picture patches, word pieces and discrete VAE codes, prefix language modelling: captions"
            + " pictures and draws captions");

    private final String id;
    private final String description;

    GenerativeArchitecture(String id, String description) {
        this.id = id;
        this.description = description;
    }

    public String id() {
        return id;
    }

    public String description() {
        return description;
    }

    /** The architecture called {@code id}; {@link IllegalArgumentException} naming the known ones otherwise. */
    public static GenerativeArchitecture named(String id) {
        for (GenerativeArchitecture a : values()) {
            if (a.id.equals(id)) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown generative model '" + id + "' (" + String.join(", ", ids()) + ")");
    }

    public static boolean isOne(String id) {
        return ids().contains(id);
    }

    public static List<String> ids() {
        return Arrays.stream(values()).map(GenerativeArchitecture::id).toList();
    }
}
