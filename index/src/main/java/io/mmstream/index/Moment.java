package io.mmstream.index;

/**
 * A search result: a stretch of a video where what was asked for is said or shown.
 *
 * @param video the video's id
 * @param path the file or URI it was indexed from
 * @param startUs where the moment starts, from the start of the video
 * @param endUs where it ends
 * @param score how well it matches (higher is better; comparable within one search)
 * @param snippet what is said there, HTML-escaped, with the matched words in {@code <mark>}
 */
public record Moment(String video, String path, long startUs, long endUs, double score, String snippet) {}
