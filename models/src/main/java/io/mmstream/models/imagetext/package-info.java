/**
 * The single-stream image-text models of VideoBERT's family (VisualBERT, VL-BERT, Unicoder-VL, UNITER,
 * Oscar, Unified VLP): one {@link io.mmstream.models.imagetext.ImageTextEncoder} over a caption's word
 * pieces and a picture's regions, built from VideoBERT's blocks, and the pretraining objectives that
 * tell the architectures apart ({@link io.mmstream.models.imagetext.ImageTextArchitecture}).
 */
package io.mmstream.models.imagetext;
