package io.mmstream.models.clip;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

/** CLIP's symmetric InfoNCE against values worked out here with plain arithmetic on a 3 x 3 batch. */
class ContrastiveLossTest {

    private static final float[][] TEXTS = {{1, 0}, {0.6f, 0.8f}, {0, 1}};
    private static final float[][] VISUALS = {{0.8f, 0.6f}, {0, 1}, {-0.6f, 0.8f}};

    /** (mean over rows of -log softmax(row)[own] + the same over columns) / 2, of s * t_i . v_j. */
    private static double byHand(double scale) {
        double[][] logits = new double[3][3];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                logits[i][j] = scale * (TEXTS[i][0] * VISUALS[j][0] + TEXTS[i][1] * VISUALS[j][1]);
            }
        }
        double rows = 0;
        double columns = 0;
        for (int i = 0; i < 3; i++) {
            double rowSum = 0;
            double columnSum = 0;
            for (int j = 0; j < 3; j++) {
                rowSum += Math.exp(logits[i][j]);
                columnSum += Math.exp(logits[j][i]);
            }
            rows += Math.log(rowSum) - logits[i][i];
            columns += Math.log(columnSum) - logits[i][i];
        }
        return (rows / 3 + columns / 3) / 2;
    }

    private static float loss(NDManager m, float logScale) {
        NDList outputs = new NDList(m.create(flat(TEXTS), new Shape(3, 2)), m.create(flat(VISUALS), new Shape(3, 2)),
                m.create(new float[] {logScale}, new Shape(1)));
        return ContrastiveLoss.of(outputs, m).getFloat();
    }

    private static float[] flat(float[][] rows) {
        float[] out = new float[rows.length * rows[0].length];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, out, i * rows[0].length, rows[0].length);
        }
        return out;
    }

    @Test
    void equalsTheHandComputedInfoNce() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            // similarities: row 0 = .8 0 -.6; row 1 = .96 .8 .28; row 2 = .6 1 .8
            assertEquals(0.80681, byHand(2), 1e-4, "the hand computation itself, at scale 2");
            assertEquals(byHand(2), loss(m, (float) Math.log(2)), 1e-5);
            assertEquals(byHand(1 / 0.07), loss(m, DualEncoder.INITIAL_LOGIT_SCALE), 1e-4);
        }
    }

    @Test
    void theScaleIsCappedAtOneHundred() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            assertEquals(byHand(100), loss(m, (float) Math.log(400)), 1e-3);
        }
    }
}
