package io.mmstream.ingest;

/**
 * One frame kept by the sampler, scaled and converted to packed RGB24.
 *
 * @param index position among the kept frames of this source, from 0
 * @param ptsUs presentation time from the container, microseconds from the start of the source
 * @param width width in pixels
 * @param height height in pixels
 * @param rgb {@code width * height * 3} bytes, row by row, no padding
 */
public record SampledFrame(long index, long ptsUs, int width, int height, byte[] rgb) {}
