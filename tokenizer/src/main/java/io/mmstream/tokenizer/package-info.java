/**
 * Tokenizers: the hierarchical k-means visual tokenizer (4 levels x 12 branches = 20,736 visual
 * words) and BERT's WordPiece text tokenizer.
 *
 * <p>Not built yet: the clips and visual tokenizer issue and the VideoBERT issue fill this module.
 */
package io.mmstream.tokenizer;
