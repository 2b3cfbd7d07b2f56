package io.mmstream.models.features;

import io.mmstream.frames.ClipFeatureExtractor;
import io.mmstream.frames.ClipFeatureExtractorProvider;
import java.nio.file.Path;

/** Makes {@code torchscript:<path>[@side]} available to {@code ClipFeatureExtractors.create}. */
public final class TorchScriptFeaturesProvider implements ClipFeatureExtractorProvider {

    @Override
    public String family() {
        return "torchscript";
    }

    @Override
    public ClipFeatureExtractor create(String argument) {
        int at = argument.lastIndexOf('@');
        if (at > 0 && argument.substring(at + 1).matches("\\d+")) {
            return new TorchScriptClipFeatures(Path.of(argument.substring(0, at)), Integer.parseInt(argument.substring(at + 1)));
        }
        return new TorchScriptClipFeatures(Path.of(argument), TorchScriptClipFeatures.DEFAULT_SIDE);
    }
}
