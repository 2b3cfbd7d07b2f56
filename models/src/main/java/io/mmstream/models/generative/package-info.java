/**
 * The generative image-text models: DALL-E (a discrete VAE that turns a picture into a grid of codes,
 * then one decoder-only transformer over a caption's word pieces and those codes) and M6 (one transformer
 * over picture patches, word pieces and the same codes, trained by prefix language modelling both to
 * caption pictures and to draw captions). Built from VideoBERT's encoder layers under causal and prefix
 * masks ({@link io.mmstream.models.imagetext.AttentionMasks}).
 */
package io.mmstream.models.generative;
