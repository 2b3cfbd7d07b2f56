package io.mmstream.tokenizer.kmeans;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A trained hierarchical k-means tree: turns a feature vector into a visual word by greedy descent,
 * choosing the nearest of {@code branching} centroids at each of {@code levels} levels.
 *
 * <p>Level {@code l} holds {@code branching^(l+1)} centroids; the children of node {@code n} at
 * level {@code l} are nodes {@code n*branching .. n*branching+branching-1} at level {@code l+1}, so the
 * token is the path read as a number in base {@code branching}.
 */
public final class VisualCodebook {

    private static final int MAGIC = 0x4D4D4342; // "MMCB"
    private static final int FORMAT = 1;

    private final int levels;
    private final int branching;
    private final int dimension;
    private final String extractor;
    private final float[][] centroids;
    private final DistanceKernel kernel;

    VisualCodebook(int levels, int branching, int dimension, String extractor, float[][] centroids, DistanceKernel kernel) {
        this.levels = levels;
        this.branching = branching;
        this.dimension = dimension;
        this.extractor = extractor;
        this.centroids = centroids;
        this.kernel = kernel;
    }

    public int levels() {
        return levels;
    }

    public int branching() {
        return branching;
    }

    public int dimension() {
        return dimension;
    }

    /** The feature extractor whose features this codebook was trained on. */
    public String extractor() {
        return extractor;
    }

    /** Number of visual words. */
    public int size() {
        return (int) Math.pow(branching, levels);
    }

    /** The branch taken at each level for {@code feature}. */
    public int[] path(float[] feature) {
        if (feature.length != dimension) {
            throw new IllegalArgumentException("feature has " + feature.length + " dimensions, the codebook "
                    + dimension + " (extractor " + extractor + ")");
        }
        for (float v : feature) {
            if (!Float.isFinite(v)) {
                throw new IllegalArgumentException("feature has a NaN or infinite value");
            }
        }
        int[] path = new int[levels];
        int node = 0;
        for (int level = 0; level < levels; level++) {
            int first = node * branching;
            int best = 0;
            float bestDistance = Float.POSITIVE_INFINITY;
            for (int c = 0; c < branching; c++) {
                float d = kernel.squaredDistance(feature, 0, centroids[level], (first + c) * dimension, dimension);
                if (d < bestDistance) {
                    bestDistance = d;
                    best = c;
                }
            }
            path[level] = best;
            node = first + best;
        }
        return path;
    }

    /** The centroid of each visual word (the leaves of the tree), in token order: VideoBERT's initial word embeddings. */
    public float[][] leafCentroids() {
        float[] leaves = centroids[levels - 1];
        float[][] out = new float[size()][];
        for (int t = 0; t < out.length; t++) {
            out[t] = java.util.Arrays.copyOfRange(leaves, t * dimension, (t + 1) * dimension);
        }
        return out;
    }

    /** The visual word of {@code feature}. */
    public int token(float[] feature) {
        return tokenOf(path(feature), branching);
    }

    /** The token a path stands for: the path as a number in base {@code branching}. */
    public static int tokenOf(int[] path, int branching) {
        int token = 0;
        for (int branch : path) {
            token = token * branching + branch;
        }
        return token;
    }

    /** Writes the codebook: a header, then the centroids as little-endian float32. */
    public void write(OutputStream out) throws IOException {
        DataOutputStream data = new DataOutputStream(out);
        data.writeInt(MAGIC);
        data.writeInt(FORMAT);
        data.writeInt(levels);
        data.writeInt(branching);
        data.writeInt(dimension);
        data.writeUTF(extractor);
        for (float[] level : centroids) {
            ByteBuffer bytes = ByteBuffer.allocate(level.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
            bytes.asFloatBuffer().put(level);
            data.write(bytes.array());
        }
        data.flush();
    }

    /** Reads a codebook written by {@link #write}; a foreign, corrupt or truncated file is refused. */
    public static VisualCodebook read(InputStream in, DistanceKernel kernel) throws IOException {
        DataInputStream data = new DataInputStream(in);
        try {
            if (data.readInt() != MAGIC) {
                throw new IOException("not an mmstream codebook (bad magic number)");
            }
            int format = data.readInt();
            if (format != FORMAT) {
                throw new IOException("codebook format " + format + " is not supported (this version reads " + FORMAT + ")");
            }
            int levels = data.readInt();
            int branching = data.readInt();
            int dimension = data.readInt();
            if (levels < 1 || levels > 8 || branching < 2 || branching > 64 || dimension < 1 || dimension > 65_536) {
                throw new IOException("corrupt codebook header: " + levels + " levels, " + branching + " branches, "
                        + dimension + " dimensions");
            }
            String extractor = data.readUTF();
            float[][] centroids = new float[levels][];
            for (int level = 0; level < levels; level++) {
                int count = (int) Math.pow(branching, level + 1) * dimension;
                byte[] bytes = new byte[count * Float.BYTES];
                data.readFully(bytes);
                centroids[level] = new float[count];
                ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(centroids[level]);
            }
            if (data.read() != -1) {
                throw new IOException("corrupt codebook: data after the last centroid");
            }
            return new VisualCodebook(levels, branching, dimension, extractor, centroids, kernel);
        } catch (EOFException e) {
            throw new IOException("truncated codebook", e);
        }
    }

    /** Whether both hold the same tree (same shape, extractor and centroids). */
    public boolean sameAs(VisualCodebook other) {
        return levels == other.levels && branching == other.branching && dimension == other.dimension
                && extractor.equals(other.extractor) && Arrays.deepEquals(centroids, other.centroids);
    }
}
