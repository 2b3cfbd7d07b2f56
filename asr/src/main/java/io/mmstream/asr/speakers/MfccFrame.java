package io.mmstream.asr.speakers;

/**
 * The features of one 25 ms frame of audio.
 *
 * @param timeUs media time of the frame's centre
 * @param energyDb the frame's energy in dB relative to a full-scale sine (digital silence is very negative)
 * @param cepstra mel-frequency cepstral coefficients c1, c2, ... (c0, the loudness, is left out)
 */
public record MfccFrame(long timeUs, double energyDb, double[] cepstra) {}
