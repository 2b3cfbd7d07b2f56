package io.mmstream.models.generative;

/**
 * The Gumbel-softmax temperature over a run, annealed exponentially from {@code start} to {@code end}
 * (DALL-E: 1 to 1/16), so the relaxed one-hot codes grow harder as training goes on.
 *
 * @param start temperature at the first step
 * @param end temperature at the last step
 * @param steps steps of the run
 */
public record TauSchedule(float start, float end, int steps) {

    public TauSchedule {
        if (!(start > 0) || !(end > 0) || steps < 1) {
            throw new IllegalArgumentException("invalid temperature schedule: " + start + " -> " + end + " over " + steps + " steps");
        }
    }

    /** DALL-E's: 1 down to 1/16 over {@code steps}. */
    public static TauSchedule dalle(int steps) {
        return new TauSchedule(1f, 1f / 16, steps);
    }

    /** The temperature at step {@code step} (0-based). */
    public float at(int step) {
        double progress = steps == 1 ? 1 : Math.min(1, Math.max(0, step / (double) (steps - 1)));
        return (float) (start * Math.pow(end / start, progress));
    }
}
