package io.mmstream.models;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import java.util.ArrayList;
import java.util.List;

/**
 * How the image-text and generative trainers apply a step: the gradients scaled down to a global norm
 * when above it (as BERT's trainers do: one outlying batch cannot throw the weights far), and a step
 * whose gradients are not finite numbers not applied (as mixed-precision trainers do), until too many
 * come in a row.
 */
public final class GradientGuard {

    private final Model model;
    private final double maxNorm;
    private final int maxInARow;
    private int skipped;
    private int inARow;
    private List<String> lastNotFinite = List.of();

    /**
     * @param maxNorm the global norm gradients are clipped to
     * @param maxInARow steps in a row not applied after which training stops
     */
    public GradientGuard(Model model, double maxNorm, int maxInARow) {
        this.model = model;
        this.maxNorm = maxNorm;
        this.maxInARow = maxInARow;
    }

    /**
     * Clips the gradients and runs {@code update} (the optimizer's step) when they are finite; else zeroes
     * them and counts the step as skipped.
     *
     * @param step the step's number and {@code losses} its losses, for the message
     * @throws IllegalStateException when {@code maxInARow} steps in a row were not applied
     */
    public void apply(Runnable update, int step, Object losses) {
        if (clip()) {
            update.run();
            inARow = 0;
            return;
        }
        skipped++;
        if (++inARow >= maxInARow) {
            throw new IllegalStateException("gradients not finite " + inARow + " steps in a row, up to step " + step + " (losses "
                    + losses + "; parameters " + lastNotFinite + ")");
        }
        // zeroed by assignment: subtracting a NaN from itself leaves a NaN
        try (NDManager scratch = model.getNDManager().newSubManager()) {
            for (var p : model.getBlock().getParameters()) {
                NDArray g = p.getValue().getArray().getGradient();
                g.attach(scratch);
                g.set(new NDIndex("..."), 0f);
            }
        }
    }

    /** Scales the gradients down to the global norm when above it; false when one is not finite. */
    private boolean clip() {
        // each gradient handle DJL gives comes in the model's long-lived manager: moved to a scratch one, it
        // and what is computed from it are freed with it (else every step would keep a copy of them); the
        // parameters keep their gradients
        try (NDManager scratch = model.getNDManager().newSubManager()) {
            List<NDArray> gradients = new ArrayList<>();
            double squares = 0;
            List<String> notFinite = new ArrayList<>();
            for (var p : model.getBlock().getParameters()) {
                NDArray g = p.getValue().getArray().getGradient();
                g.attach(scratch);
                gradients.add(g);
                float sq = g.pow(2).sum().getFloat();
                if (!Float.isFinite(sq)) {
                    notFinite.add(p.getKey());
                }
                squares += sq;
            }
            double norm = Math.sqrt(squares);
            if (!Double.isFinite(norm)) {
                lastNotFinite = notFinite;
                return false;
            }
            if (norm > maxNorm) {
                float scale = (float) (maxNorm / norm);
                for (NDArray g : gradients) {
                    g.muli(scale);
                }
            }
            return true;
        }
    }

    /** Steps whose gradients were not finite, and so not applied. */
    public int skipped() {
        return skipped;
    }

    /** The parameters whose gradients were not finite at the last skipped step. */
    public List<String> lastNotFinite() {
        return lastNotFinite;
    }
}
