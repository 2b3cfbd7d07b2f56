package io.mmstream.models.detect;

import io.mmstream.frames.ClipFeatureExtractor;
import io.mmstream.frames.ClipFeatureExtractorProvider;

/** Makes {@code centernet} available to {@code ClipFeatureExtractors.create} (no argument: the weights are bundled). */
public final class CenterNetFeaturesProvider implements ClipFeatureExtractorProvider {

    @Override
    public String family() {
        return CenterNetClipFeatures.NAME;
    }

    @Override
    public ClipFeatureExtractor create(String argument) {
        if (!argument.isEmpty()) {
            throw new IllegalArgumentException("centernet takes no argument (its weights come with mmstream), got '" + argument + "'");
        }
        return new CenterNetClipFeatures();
    }
}
