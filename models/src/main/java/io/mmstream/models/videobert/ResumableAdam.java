package io.mmstream.models.videobert;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Adam whose whole state (each parameter's moment estimates and update count, and the step the
 * learning-rate schedule is at) is saved beside a checkpoint and loaded at a resume, so a resumed
 * run takes exactly the steps an uninterrupted one would. DJL's own {@code Adam} keeps that state
 * private; the update itself is the same fused operation it calls. DJL names a parameter in
 * updates by an id drawn afresh for each model instance, so the state is saved under the
 * parameters' names in the model.
 */
public final class ResumableAdam extends Optimizer {

    private static final String STATE = "adam.properties";
    private static final String MOMENTS = "adam-moments.ndlist";

    private static final float BETA1 = 0.9f;
    private static final float BETA2 = 0.999f;

    private final Tracker schedule;
    private final float epsilon;
    private final Map<String, Moments> moments = new ConcurrentSkipListMap<>();
    private int scheduleStep;

    /** A parameter's first and second moment estimates and how many updates made them. */
    private static final class Moments {
        final NDArray mean;
        final NDArray variance;
        int updates;

        Moments(NDArray mean, NDArray variance, int updates) {
            mean.detach();
            variance.detach();
            this.mean = mean;
            this.variance = variance;
            this.updates = updates;
        }
    }

    /**
     * Adam with learning rate {@code schedule} (step 1 is the first update), {@code epsilon} in the
     * denominator, and the schedule already at {@code stepsDone}.
     */
    public ResumableAdam(Tracker schedule, float epsilon, int stepsDone) {
        super(new Builder());
        this.schedule = schedule;
        this.epsilon = epsilon;
        this.scheduleStep = stepsDone;
    }

    /** Marks the start of a training step: every update until the next call belongs to it. */
    public void beginStep() {
        scheduleStep++;
    }

    @Override
    public void update(String parameterId, NDArray weight, NDArray grad) {
        Moments m = moments.computeIfAbsent(parameterId, id -> new Moments(weight.zerosLike(), weight.zerosLike(), 0));
        int t = ++m.updates;
        float lr = schedule.getNewValue(scheduleStep);
        float corrected = (float) (lr * Math.sqrt(1 - Math.pow(BETA2, t)) / (1 - Math.pow(BETA1, t)));
        weight.getNDArrayInternal().adamUpdate(new NDList(weight, grad, m.mean, m.variance), new NDList(weight),
                lr, corrected, getWeightDecay(), rescaleGrad, clipGrad, BETA1, BETA2, epsilon, true, false);
    }

    /**
     * Writes the state into {@code folder} (a checkpoint being written), each parameter under its
     * name in {@code namesById}.
     */
    public void save(Path folder, Map<String, String> namesById) throws IOException {
        Properties p = new Properties();
        p.setProperty("schedule_step", Integer.toString(scheduleStep));
        NDList arrays = new NDList();
        List<String> names = new ArrayList<>();
        for (Map.Entry<String, Moments> e : moments.entrySet()) {
            String name = namesById.get(e.getKey());
            if (name == null) {
                throw new IllegalStateException("Adam holds moments of parameter " + e.getKey() + ", which the model does not name");
            }
            names.add(name);
            Moments m = e.getValue();
            p.setProperty("updates." + name, Integer.toString(m.updates));
            arrays.add(m.mean);
            arrays.add(m.variance);
        }
        p.setProperty("parameters", String.join(",", names));
        try (OutputStream out = Files.newOutputStream(folder.resolve(MOMENTS))) {
            arrays.encode(out);
        }
        try (OutputStream out = Files.newOutputStream(folder.resolve(STATE))) {
            p.store(out, "Adam's state at this checkpoint");
        }
    }

    /**
     * Loads the state saved in {@code folder} into arrays of {@code manager}, each parameter's under
     * its id in {@code idsByName}; returns false, with fresh moments, when the folder has none (a
     * checkpoint of an older version).
     */
    public boolean load(Path folder, NDManager manager, Map<String, String> idsByName) throws IOException {
        if (!Files.exists(folder.resolve(STATE))) {
            return false;
        }
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(folder.resolve(STATE))) {
            p.load(in);
        }
        NDList arrays;
        try (InputStream in = Files.newInputStream(folder.resolve(MOMENTS))) {
            arrays = NDList.decode(manager, in);
        }
        String listed = p.getProperty("parameters", "");
        String[] names = listed.isEmpty() ? new String[0] : listed.split(",");
        if (arrays.size() != 2 * names.length) {
            throw new IOException(folder.resolve(MOMENTS) + " holds " + arrays.size() + " arrays, " + folder.resolve(STATE)
                    + " names " + names.length + " parameters");
        }
        close();
        for (int i = 0; i < names.length; i++) {
            String id = idsByName.get(names[i]);
            if (id == null) {
                throw new IOException(folder.resolve(STATE) + " holds Adam's state of " + names[i] + ", which the model lacks");
            }
            moments.put(id, new Moments(arrays.get(2 * i), arrays.get(2 * i + 1), Integer.parseInt(p.getProperty("updates." + names[i]))));
        }
        scheduleStep = Integer.parseInt(p.getProperty("schedule_step"));
        return true;
    }

    /** Frees the moment estimates. */
    public void close() {
        for (Moments m : moments.values()) {
            m.mean.close();
            m.variance.close();
        }
        moments.clear();
    }

    /** The builder DJL's base class asks for: no weight decay, no rescaling, no clipping. */
    private static final class Builder extends OptimizerBuilder<Builder> {
        @Override
        protected Builder self() {
            return this;
        }
    }
}
