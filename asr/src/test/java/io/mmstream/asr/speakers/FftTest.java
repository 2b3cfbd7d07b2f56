package io.mmstream.asr.speakers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class FftTest {

    @Test
    void matchesTheDiscreteFourierTransform() {
        int n = 64;
        Random random = new Random(1);
        double[] signal = new double[n];
        for (int i = 0; i < n; i++) {
            signal[i] = random.nextGaussian();
        }
        double[] expected = new double[n / 2 + 1];
        for (int k = 0; k <= n / 2; k++) {
            double re = 0;
            double im = 0;
            for (int t = 0; t < n; t++) {
                re += signal[t] * Math.cos(2 * Math.PI * k * t / n);
                im -= signal[t] * Math.sin(2 * Math.PI * k * t / n);
            }
            expected[k] = re * re + im * im;
        }
        assertArrayEquals(expected, new Fft(n).powerSpectrum(signal), 1e-9);
    }

    @Test
    void aSineFallsInItsBin() {
        double[] signal = new double[512];
        for (int t = 0; t < signal.length; t++) {
            signal[t] = Math.sin(2 * Math.PI * 10 * t / 512.0);
        }
        double[] power = new Fft(512).powerSpectrum(signal);
        int peak = 0;
        for (int k = 1; k < power.length; k++) {
            peak = power[k] > power[peak] ? k : peak;
        }
        assertEquals(10, peak);
    }
}
