/**
 * Evaluation of image-text models without any DJL: retrieval recall at K ({@link
 * io.mmstream.models.eval.RetrievalRecall}), caption metrics BLEU-4 ({@link io.mmstream.models.eval.Bleu}) and
 * CIDEr-D ({@link io.mmstream.models.eval.Cider}), and a generated, compositionally captioned picture set
 * ({@link io.mmstream.models.eval.ShapesCaptionSet}).
 */
package io.mmstream.models.eval;
