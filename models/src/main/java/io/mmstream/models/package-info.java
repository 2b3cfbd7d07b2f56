/**
 * DJL on the PyTorch engine: TorchScript clip feature extractors
 * ({@link io.mmstream.models.features.TorchScriptClipFeatures}), VideoBERT
 * ({@link io.mmstream.models.videobert}) and the CLIP dual encoder ({@link io.mmstream.models.clip}),
 * saved and loaded alike ({@link io.mmstream.models.SavedModels}).
 */
package io.mmstream.models;
