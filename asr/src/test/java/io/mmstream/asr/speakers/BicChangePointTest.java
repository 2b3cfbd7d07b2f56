package io.mmstream.asr.speakers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class BicChangePointTest {

    /** {@code n} seeded 4-d Gaussian frames with mean {@code mean} and standard deviation {@code sd}. */
    private static double[][] gaussian(int n, double mean, double sd, long seed) {
        Random random = new Random(seed);
        double[][] x = new double[n][4];
        for (double[] row : x) {
            for (int j = 0; j < row.length; j++) {
                row[j] = mean + sd * random.nextGaussian();
            }
        }
        return x;
    }

    private static double[][] join(double[][] a, double[][] b) {
        double[][] x = new double[a.length + b.length][];
        System.arraycopy(a, 0, x, 0, a.length);
        System.arraycopy(b, 0, x, a.length, b.length);
        return x;
    }

    @Test
    void twoDistributionsSplitWhereTheyMeet() {
        double[][] x = join(gaussian(300, 0, 1, 1), gaussian(200, 1, 2, 2));
        for (BicChangePoint.Covariance c : BicChangePoint.Covariance.values()) {
            BicChangePoint.Split split = new BicChangePoint(c, 1.0, 50, 1).best(x, 0, x.length);
            assertTrue(split.deltaBic() > 0, c + ": " + split);
            assertEquals(300, split.index(), 5, c + ": " + split);
        }
    }

    @Test
    void oneDistributionHasNoChange() {
        double[][] x = gaussian(500, 0, 1, 3);
        for (BicChangePoint.Covariance c : BicChangePoint.Covariance.values()) {
            assertTrue(new BicChangePoint(c, 1.0, 50, 1).best(x, 0, x.length).deltaBic() < 0, c.toString());
        }
    }

    @Test
    void aWindowShorterThanTwoSegmentsIsNotTested() {
        assertNull(new BicChangePoint(BicChangePoint.Covariance.FULL, 1.0, 50, 1).best(gaussian(99, 0, 1, 4), 0, 99));
    }

    @Test
    void choleskyGivesTheLogDeterminant() {
        double[][] a = {{4, 2}, {2, 3}};
        assertEquals(Math.log(8), BicChangePoint.choleskyLogDet(a), 1e-9);
    }
}
