package io.mmstream.models;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * How mmstream's models are saved and loaded: DJL's parameter files under a name, beside a
 * {@code <name>.properties} that gives the format and the sizes; loading checks what DJL does not
 * (a parameter file it cannot read, parameters of other shapes) and refuses such a folder with the reason.
 */
public final class SavedModels {

    private SavedModels() {}

    /** The description saved as {@code name} in {@code folder}, of a model of format {@code format}; refused with the reason. */
    public static Properties description(Path folder, String name, String what, int format) throws IOException, MalformedModelException {
        Path file = folder.resolve(name + ".properties");
        if (!Files.isRegularFile(file)) {
            throw new MalformedModelException(folder + " holds no " + what + " model (no " + name + ".properties)");
        }
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        }
        int saved;
        try {
            saved = Integer.parseInt(p.getProperty("format", "0").strip());
        } catch (NumberFormatException e) {
            saved = -1;
        }
        if (saved != format) {
            throw new MalformedModelException(folder + ": model format " + p.getProperty("format") + ", this mmstream reads format " + format);
        }
        return p;
    }

    /**
     * The description of a pretraining run's state ({@code run.properties}, written with {@link #describe}):
     * what {@code ModelStore} lists. Callers add what else their runs need.
     */
    public static Properties runState(String architecture, String size, int steps, int batch, float learningRate, long seed,
            String state, int step) {
        Properties p = new Properties();
        p.setProperty("architecture", architecture);
        p.setProperty("size", size);
        p.setProperty("steps", Integer.toString(steps));
        p.setProperty("batch", Integer.toString(batch));
        p.setProperty("learning_rate", Float.toString(learningRate));
        p.setProperty("seed", Long.toString(seed));
        p.setProperty("state", state);
        p.setProperty("step", Integer.toString(step));
        return p;
    }

    /** The whole number {@code key} of a description; {@link IllegalArgumentException} when missing or not a number. */
    public static int integer(Properties p, String key) {
        String value = p.getProperty(key);
        if (value == null) {
            throw new IllegalArgumentException("missing " + key);
        }
        return Integer.parseInt(value.strip());
    }

    /** Writes {@code description} as {@code name}'s in {@code folder}, atomically. */
    public static void describe(Path folder, String name, Properties description, String comment) throws IOException {
        Path tmp = Files.createTempFile(folder, name, ".properties.tmp");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            description.store(out, comment);
        }
        Files.move(tmp, folder.resolve(name + ".properties"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * Loads the parameters saved as {@code name} in {@code folder} into {@code model}, whose block is
     * initialised with the sizes {@code sizes} describes; closes the model and refuses the folder when
     * they do not fit.
     */
    public static void loadParameters(Model model, Block block, Path folder, String name, Object sizes) throws MalformedModelException {
        try {
            // DJL loads arrays of any shape: note the shapes the sizes call for, and compare
            Map<String, Shape> expected = new HashMap<>();
            block.getParameters().forEach(e -> expected.put(e.getKey(), e.getValue().getArray().getShape()));
            checkParameterFiles(folder, name);
            model.load(folder, name);
            for (var param : block.getParameters()) {
                Shape loaded = param.getValue().getArray().getShape();
                if (!loaded.equals(expected.get(param.getKey()))) {
                    throw new MalformedModelException("parameter " + param.getKey() + " is " + loaded + ", the sizes call for "
                            + expected.get(param.getKey()));
                }
            }
        } catch (IOException | MalformedModelException | RuntimeException e) {
            model.close();
            throw new MalformedModelException(folder + ": its parameters do not load into a " + sizes + " model: " + e.getMessage(), e);
        }
    }

    /** DJL skips a parameter file without its magic number silently (leaving fresh weights): refuse it here. */
    private static void checkParameterFiles(Path folder, String name) throws IOException, MalformedModelException {
        List<Path> files;
        try (var list = Files.list(folder)) {
            files = list.filter(f -> f.getFileName().toString().matches(name + "-\\d+\\.params")).toList();
        }
        if (files.isEmpty()) {
            throw new MalformedModelException("no " + name + "-NNNN.params file");
        }
        for (Path f : files) {
            byte[] magic = new byte[4];
            try (InputStream in = Files.newInputStream(f)) {
                if (in.readNBytes(magic, 0, 4) < 4 || !new String(magic, java.nio.charset.StandardCharsets.US_ASCII).equals("DJL@")) {
                    throw new MalformedModelException(f.getFileName() + " is not a DJL parameter file");
                }
            }
        }
    }
}
