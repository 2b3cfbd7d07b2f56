/**
 * DJL on the PyTorch engine: TorchScript clip feature extractors now
 * ({@link io.mmstream.models.features.TorchScriptClipFeatures}); VideoBERT and the image-text model
 * family come with their issue.
 */
package io.mmstream.models;
