/**
 * Frame math: clip windows in media time ({@link io.mmstream.frames.ClipWindows}) and clip feature
 * extraction behind {@link io.mmstream.frames.ClipFeatureExtractor}, with a registry
 * ({@link io.mmstream.frames.ClipFeatureExtractors}) whose default needs no weights.
 *
 * <p>Sampling and scaling of frames live in {@code io.mmstream.ingest} ({@code FrameSampler}, swscale
 * in {@code FrameScaler}); grouping frames into clips in the stream comes with the clips issue.
 */
package io.mmstream.frames;
