package io.mmstream.frames;

/**
 * A family of clip feature extractors made from an argument, found with {@link java.util.ServiceLoader}:
 * {@code ClipFeatureExtractors.create("family:argument")} asks the provider of {@code family}
 * (for instance {@code torchscript:/models/s3d.pt}, provided by the models module).
 */
public interface ClipFeatureExtractorProvider {

    /** The name before the colon. */
    String family();

    /** An extractor for {@code argument} (e.g. a model path); fails with a clear message when it cannot load. */
    ClipFeatureExtractor create(String argument);
}
