package io.mmstream.asr;

/**
 * A recognised word and when it was spoken.
 *
 * @param text the word, lower case
 * @param startUs media time where it starts, microseconds
 * @param endUs media time where it ends, microseconds
 * @param confidence Vosk's confidence, 0 to 1
 */
public record Word(String text, long startUs, long endUs, float confidence) {}
