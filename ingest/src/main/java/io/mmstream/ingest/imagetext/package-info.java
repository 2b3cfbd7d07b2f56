/**
 * Image-caption sets as they come in practice: a folder of images with sidecar {@code .txt}
 * captions, a JSONL or TSV manifest of path (or URL) and caption, and WebDataset {@code .tar}
 * shards; each read as a stream of items or problems, and each image decoded to RGB24 pixels.
 */
package io.mmstream.ingest.imagetext;
