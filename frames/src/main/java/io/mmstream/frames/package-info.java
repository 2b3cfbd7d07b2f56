/**
 * Frame math: clip grouping and clip feature extraction (VideoBERT's 1.5 s clips of 20 fps frames).
 *
 * <p>Not built yet: the clips and visual tokenizer issue fills this module. Sampling and scaling of
 * frames live in {@code io.mmstream.ingest} ({@code FrameSampler}, swscale in {@code FrameScaler}).
 */
package io.mmstream.frames;
