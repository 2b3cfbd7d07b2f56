package io.mmstream.asr.speakers;

import java.util.ArrayList;
import java.util.List;

/**
 * Mel-frequency cepstral coefficients of 16 kHz mono 16-bit PCM fed in order: 25 ms Hamming-windowed
 * frames every 10 ms, pre-emphasis 0.97, a 512-point FFT, 24 mel bands from 64 Hz to 7.6 kHz, log and DCT.
 */
public final class MfccExtractor {

    static final int SAMPLE_RATE = 16_000;
    static final int FRAME = 400;
    static final int HOP = 160;

    private final Fft fft = new Fft(512);
    private final MelFilterbank filterbank = new MelFilterbank(24, 512, SAMPLE_RATE, 64, 7600);
    private final Dct dct;
    private final double[] window = new double[FRAME];
    /** Samples not yet consumed by a frame; {@code pending[0]} plays at {@code pendingStartUs}. */
    private double[] pending = new double[4 * FRAME];
    private int pendingCount;
    private long pendingStartUs;
    private double lastSample;

    /** Extracts c1..c{@code cepstra}. */
    public MfccExtractor(int cepstra) {
        dct = new Dct(filterbank.size(), cepstra + 1);
        for (int n = 0; n < FRAME; n++) {
            window[n] = 0.54 - 0.46 * Math.cos(2 * Math.PI * n / (FRAME - 1));
        }
    }

    /** The frames completed by {@code length} bytes of little-endian PCM whose first sample plays at {@code startUs}. */
    public List<MfccFrame> accept(long startUs, byte[] pcm, int length) {
        int samples = length / 2;
        if (pendingCount == 0) {
            pendingStartUs = startUs;
        }
        if (pendingCount + samples > pending.length) {
            pending = java.util.Arrays.copyOf(pending, Math.max(2 * pending.length, pendingCount + samples));
        }
        for (int i = 0; i < samples; i++) {
            pending[pendingCount++] = (short) ((pcm[2 * i] & 0xff) | (pcm[2 * i + 1] << 8)) / 32768.0;
        }
        List<MfccFrame> frames = new ArrayList<>();
        int offset = 0;
        while (offset + FRAME <= pendingCount) {
            frames.add(frame(offset));
            offset += HOP;
        }
        if (offset > 0) {
            lastSample = pending[offset - 1];
            System.arraycopy(pending, offset, pending, 0, pendingCount - offset);
            pendingCount -= offset;
            pendingStartUs += offset * 1_000_000L / SAMPLE_RATE;
        }
        return frames;
    }

    /** Forgets the samples pending: the next chunk does not follow the last one (a hole in the audio). */
    public void reset() {
        pendingCount = 0;
        lastSample = 0;
    }

    private MfccFrame frame(int offset) {
        double[] x = new double[FRAME];
        double energy = 0;
        double previous = offset > 0 ? pending[offset - 1] : lastSample;
        for (int n = 0; n < FRAME; n++) {
            double s = pending[offset + n];
            energy += s * s;
            x[n] = (s - 0.97 * previous) * window[n];
            previous = s;
        }
        double[] bands = filterbank.apply(fft.powerSpectrum(x));
        for (int b = 0; b < bands.length; b++) {
            bands[b] = Math.log(bands[b] + 1e-10);
        }
        double[] c = dct.apply(bands);
        double[] cepstra = java.util.Arrays.copyOfRange(c, 1, c.length);
        // a full-scale sine has mean square 0.5
        double energyDb = 10 * Math.log10(energy / FRAME / 0.5 + 1e-12);
        long timeUs = pendingStartUs + (offset + FRAME / 2) * 1_000_000L / SAMPLE_RATE;
        return new MfccFrame(timeUs, energyDb, cepstra);
    }
}
