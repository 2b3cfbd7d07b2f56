package io.mmstream.models.imagetext;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class OptimalTransportTest {

    @Test
    void planRowsAndColumnsSumToTheirMarginalsAndPaddingGetsNoMass() {
        Random random = new Random(4);
        int n = 7;
        int m = 5;
        double[][] cost = new double[n][m];
        for (double[] row : cost) {
            for (int j = 0; j < m; j++) {
                row[j] = random.nextDouble() * 2;
            }
        }
        boolean[] words = {false, true, true, true, true, false, false};
        boolean[] regions = {true, true, true, false, true};
        double[][] plan = OptimalTransport.plan(cost, words, regions);
        for (int i = 0; i < n; i++) {
            double row = 0;
            for (int j = 0; j < m; j++) {
                row += plan[i][j];
                if (!words[i] || !regions[j]) {
                    assertEquals(0, plan[i][j], "padding gets no mass at " + i + "," + j);
                }
            }
            assertEquals(words[i] ? 1.0 / 4 : 0, row, 1e-4, "row " + i);
        }
        for (int j = 0; j < m; j++) {
            double column = 0;
            for (int i = 0; i < n; i++) {
                column += plan[i][j];
            }
            assertEquals(regions[j] ? 1.0 / 4 : 0, column, 1e-4, "column " + j);
        }
    }

    @Test
    void theCheapestPairingCarriesTheMass() {
        // two words, two regions: word 0 matches region 1, word 1 region 0
        double[][] cost = {{2, 0}, {0, 2}};
        double[][] plan = OptimalTransport.plan(cost, new boolean[] {true, true}, new boolean[] {true, true});
        assertTrue(plan[0][1] > 0.49 && plan[1][0] > 0.49, java.util.Arrays.deepToString(plan));
        assertTrue(plan[0][0] < 0.01 && plan[1][1] < 0.01, java.util.Arrays.deepToString(plan));
    }
}
