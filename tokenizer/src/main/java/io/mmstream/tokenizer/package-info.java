/**
 * Tokenizers: the hierarchical k-means visual tokenizer (4 levels x 12 branches = 20,736 visual
 * words, {@code io.mmstream.tokenizer.kmeans}) and, with the VideoBERT issue, BERT's WordPiece text
 * tokenizer.
 */
package io.mmstream.tokenizer;
