package io.mmstream.asr.speakers;

import java.util.Random;

/**
 * Seeded speech-like test signals, 16 kHz mono s16le: a glottal pulse train with jitter through three
 * formant resonators, in syllables of 80-160 ms with short pauses; each syllable moves the formants a
 * little, as vowels do. Two voices differ in pitch and in formant positions (vocal tract length).
 */
final class SyntheticVoices {

    record Voice(double pitchHz, double[] formantsHz) {}

    static final Voice LOW = new Voice(105, new double[] {520, 1450, 2450});
    static final Voice HIGH = new Voice(210, new double[] {700, 1900, 3000});

    private SyntheticVoices() {}

    /** {@code seconds} of {@code voice} speaking, as PCM bytes. */
    static byte[] speech(Voice voice, double seconds, long seed) {
        Random random = new Random(seed);
        int n = (int) (seconds * 16_000);
        double[] out = new double[n];
        int i = 0;
        while (i < n) {
            int syllable = (int) ((0.08 + 0.08 * random.nextDouble()) * 16_000);
            double[] formants = new double[3];
            for (int f = 0; f < 3; f++) {
                formants[f] = voice.formantsHz()[f] * (0.9 + 0.2 * random.nextDouble());
            }
            double[] source = new double[syllable];
            double phase = 0;
            for (int t = 0; t < syllable; t++) {
                double pitch = voice.pitchHz() * (1 + 0.05 * Math.sin(2 * Math.PI * t / syllable)) * (1 + 0.01 * random.nextGaussian());
                phase += pitch / 16_000;
                if (phase >= 1) {
                    phase -= 1;
                    source[t] = 1;
                }
                source[t] += 0.02 * random.nextGaussian();
            }
            double[] voiced = source;
            for (double f : formants) {
                voiced = resonate(voiced, f, 80 + f / 20);
            }
            double peak = 1e-9;
            for (double v : voiced) {
                peak = Math.max(peak, Math.abs(v));
            }
            for (int t = 0; t < syllable && i + t < n; t++) {
                double envelope = Math.sin(Math.PI * t / syllable);
                out[i + t] = 0.3 * envelope * voiced[t] / peak;
            }
            i += syllable + (int) (0.03 * 16_000 * random.nextDouble());
        }
        return pcm(out);
    }

    /** {@code seconds} of digital silence. */
    static byte[] silence(double seconds) {
        return new byte[2 * (int) (seconds * 16_000)];
    }

    static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] p : parts) {
            length += p.length;
        }
        byte[] all = new byte[length];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, all, at, p.length);
            at += p.length;
        }
        return all;
    }

    /** A two-pole resonator at {@code hz} with bandwidth {@code bandwidthHz}. */
    private static double[] resonate(double[] x, double hz, double bandwidthHz) {
        double r = Math.exp(-Math.PI * bandwidthHz / 16_000);
        double a1 = 2 * r * Math.cos(2 * Math.PI * hz / 16_000);
        double a2 = -r * r;
        double[] y = new double[x.length];
        for (int t = 0; t < x.length; t++) {
            y[t] = x[t] + a1 * (t > 0 ? y[t - 1] : 0) + a2 * (t > 1 ? y[t - 2] : 0);
        }
        return y;
    }

    private static byte[] pcm(double[] samples) {
        byte[] bytes = new byte[2 * samples.length];
        for (int t = 0; t < samples.length; t++) {
            int s = (int) Math.max(-32768, Math.min(32767, Math.round(samples[t] * 32767)));
            bytes[2 * t] = (byte) s;
            bytes[2 * t + 1] = (byte) (s >> 8);
        }
        return bytes;
    }
}
