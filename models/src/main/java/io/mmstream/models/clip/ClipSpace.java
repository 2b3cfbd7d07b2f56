package io.mmstream.models.clip;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * A trained {@link DualEncoder}'s towers as plain matrices, run in plain Java: what indexing and
 * search use to put a query's sentence vector or a clip into the shared space without starting a
 * deep-learning engine (a query costs about 130,000 multiply-adds). Saved beside the model as
 * {@code towers.f32}; gives the same vectors as the DJL model (checked by DualEncoderIT).
 */
public final class ClipSpace {

    static final String FILE = "towers.f32";
    private static final int MAGIC = 0x4d4d4353; // "MMCS"
    private static final int FORMAT = 1;

    private final String name;
    private final int textDimension;
    private final int featureDimension;
    private final int hidden;
    private final int embedding;
    private final Linear textHidden;
    private final Linear textOut;
    private final Linear videoFeatures;
    private final float[] words;
    private final int wordRows;
    private final Linear videoOut;

    /** A dense layer: {@code weight} is (out, in) row-major, as DJL keeps a Linear's weight. */
    record Linear(int in, int out, float[] weight, float[] bias) {

        float[] apply(float[] x) {
            float[] y = bias.clone();
            for (int o = 0; o < out; o++) {
                double s = 0;
                int row = o * in;
                for (int i = 0; i < in; i++) {
                    s += weight[row + i] * x[i];
                }
                y[o] += (float) s;
            }
            return y;
        }
    }

    private ClipSpace(String name, int[] dims, Linear textHidden, Linear textOut, Linear videoFeatures, float[] words, Linear videoOut) {
        this.name = name;
        this.textDimension = dims[0];
        this.featureDimension = dims[1];
        this.wordRows = dims[2];
        this.hidden = dims[3];
        this.embedding = dims[4];
        this.textHidden = textHidden;
        this.textOut = textOut;
        this.videoFeatures = videoFeatures;
        this.words = words;
        this.videoOut = videoOut;
    }

    /** The towers saved in {@code modelFolder}, named {@code name} (the model's version). */
    public static ClipSpace load(Path modelFolder, String name) throws IOException {
        Path file = modelFolder.resolve(FILE);
        ByteBuffer b;
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            if (in.size() > Integer.MAX_VALUE) {
                throw new IOException(file + ": too large for a CLIP model's towers");
            }
            b = ByteBuffer.allocate((int) in.size()).order(ByteOrder.LITTLE_ENDIAN);
            while (b.hasRemaining() && in.read(b) >= 0) {
                // read it whole
            }
            b.flip();
        }
        try {
            if (b.getInt() != MAGIC || b.getInt() != FORMAT) {
                throw new IOException(file + " is not a CLIP model's towers (format " + FORMAT + ")");
            }
            int[] dims = new int[5];
            for (int i = 0; i < dims.length; i++) {
                dims[i] = b.getInt();
                if (dims[i] < 1 || dims[i] > 1 << 20) {
                    throw new IOException(file + ": implausible size " + dims[i]);
                }
            }
            int text = dims[0], feat = dims[1], rows = dims[2], hid = dims[3], emb = dims[4];
            Linear th = new Linear(text, hid, floats(b, hid * text), floats(b, hid));
            Linear to = new Linear(hid, emb, floats(b, emb * hid), floats(b, emb));
            Linear vf = new Linear(feat, hid, floats(b, hid * feat), floats(b, hid));
            float[] w = floats(b, rows * hid);
            Linear vo = new Linear(hid, emb, floats(b, emb * hid), floats(b, emb));
            if (b.hasRemaining()) {
                throw new IOException(file + ": " + b.remaining() + " bytes past the towers");
            }
            return new ClipSpace(name, dims, th, to, vf, w, vo);
        } catch (java.nio.BufferUnderflowException e) {
            throw new IOException(file + " is truncated", e);
        }
    }

    private static float[] floats(ByteBuffer b, int n) {
        float[] out = new float[n];
        b.asFloatBuffer().get(out);
        b.position(b.position() + n * Float.BYTES);
        return out;
    }

    /** Writes towers in this format: {@code dims} = text, feature, word rows, hidden, embedding; layers in load order. */
    static void write(Path file, int[] dims, float[]... arrays) throws IOException {
        long floats = 0;
        for (float[] a : arrays) {
            floats += a.length;
        }
        ByteBuffer b = ByteBuffer.allocate((int) (4 * (2 + dims.length + floats))).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(MAGIC).putInt(FORMAT);
        for (int d : dims) {
            b.putInt(d);
        }
        for (float[] a : arrays) {
            b.asFloatBuffer().put(a);
            b.position(b.position() + a.length * Float.BYTES);
        }
        b.flip();
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            while (b.hasRemaining()) {
                out.write(b);
            }
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The model's version: vectors of different versions live in different spaces. */
    public String name() {
        return name;
    }

    public int textDimension() {
        return textDimension;
    }

    public int featureDimension() {
        return featureDimension;
    }

    /** A sentence vector (MiniLM's) in the shared space, unit length. */
    public float[] text(float[] sentenceVector) {
        check(sentenceVector.length, textDimension, "sentence vector");
        return unit(textOut.apply(gelu(textHidden.apply(sentenceVector))));
    }

    /** A clip (its features, and its visual word or 0 when not known) in the shared space, unit length. */
    public float[] clip(float[] features, int visualWord) {
        check(features.length, featureDimension, "clip's features");
        float[] x = videoFeatures.apply(features);
        int row = Math.max(0, Math.min(wordRows - 1, visualWord)) * hidden;
        for (int i = 0; i < hidden; i++) {
            x[i] += words[row + i];
        }
        return unit(videoOut.apply(gelu(x)));
    }

    private static void check(int got, int expected, String what) {
        if (got != expected) {
            throw new IllegalArgumentException("a " + what + " of " + got + " numbers; the CLIP model takes " + expected);
        }
    }

    /** GELU as PyTorch computes it by default: x * Phi(x), with the exact normal CDF. */
    static float[] gelu(float[] x) {
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (0.5 * x[i] * (1 + erf(x[i] / Math.sqrt(2))));
        }
        return x;
    }

    /** The error function to about 1e-7 (Abramowitz and Stegun 7.1.26). */
    static double erf(double x) {
        double t = 1 / (1 + 0.3275911 * Math.abs(x));
        double y = 1 - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
        return x >= 0 ? y : -y;
    }

    private static float[] unit(float[] x) {
        double norm = 0;
        for (float v : x) {
            norm += v * v;
        }
        float scale = (float) (1 / Math.max(Math.sqrt(norm), 1e-6));
        for (int i = 0; i < x.length; i++) {
            x[i] *= scale;
        }
        return x;
    }
}
