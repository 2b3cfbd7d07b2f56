package io.mmstream.index.text;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * all-MiniLM-L6-v2, the pretrained sentence encoder of Reimers and Gurevych's sentence-transformers
 * (Sentence-BERT, 2019; 6 layers, 384 dimensions, trained contrastively on a billion sentence pairs),
 * as the int8-quantised ONNX file langchain4j ships on Maven Central, run by ONNX Runtime on the CPU.
 *
 * <p>As sentence-transformers does: WordPiece tokens (at most 256), the last hidden states averaged
 * over the real tokens (mean pooling), then L2-normalised, so a dot product is a cosine similarity.
 * A session is thread-safe; one is opened per encoder.
 */
public final class MiniLmEncoder implements TextEncoder {

    /** The name kept with the vectors: a change of encoder means the vectors must be made again. */
    public static final String NAME = "all-minilm-l6-v2-q";
    public static final int DIMENSION = 384;
    private static final int MAX_TOKENS = 256;
    private static final String RESOURCES = "/io/mmstream/index/text/";

    private final OrtEnvironment environment;
    private final OrtSession session;
    private final HuggingFaceTokenizer tokenizer;
    private final boolean wantsTokenTypes;

    private MiniLmEncoder(OrtEnvironment environment, OrtSession session, HuggingFaceTokenizer tokenizer) {
        this.environment = environment;
        this.session = session;
        this.tokenizer = tokenizer;
        this.wantsTokenTypes = session.getInputNames().contains("token_type_ids");
    }

    /** Loads the model and tokenizer the build unpacked onto the classpath; the tokenizer is copied under {@code cacheDir}. */
    public static MiniLmEncoder load(Path cacheDir) {
        try {
            byte[] model;
            try (InputStream in = resource(NAME + ".onnx")) {
                model = in.readAllBytes();
            }
            Path tokenizerFile = copyOnce(NAME + "-tokenizer.json", cacheDir);
            HuggingFaceTokenizer tokenizer = HuggingFaceTokenizer.builder()
                    .optTokenizerPath(tokenizerFile)
                    .optMaxLength(MAX_TOKENS)
                    .optTruncation(true)
                    .optPadding(false)
                    .build();
            OrtEnvironment environment = OrtEnvironment.getEnvironment();
            OrtSession.SessionOptions options = new OrtSession.SessionOptions();
            // one thread per encode call: the commands that encode run several stream threads already
            options.setIntraOpNumThreads(1);
            return new MiniLmEncoder(environment, environment.createSession(model, options), tokenizer);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load the MiniLM sentence encoder", e);
        } catch (OrtException e) {
            throw new IllegalStateException("cannot load the MiniLM sentence encoder: " + e.getMessage(), e);
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int dimension() {
        return DIMENSION;
    }

    @Override
    public List<float[]> encode(List<String> texts) {
        List<float[]> vectors = new ArrayList<>(texts.size());
        for (String text : texts) {
            vectors.add(encodeOne(text));
        }
        return vectors;
    }

    private float[] encodeOne(String text) {
        Encoding encoding = tokenizer.encode(text == null ? "" : text);
        long[] ids = encoding.getIds();
        long[] mask = encoding.getAttentionMask();
        long[] types = encoding.getTypeIds();
        long[] shape = {1, ids.length};
        Map<String, OnnxTensor> inputs = new HashMap<>();
        try {
            inputs.put("input_ids", OnnxTensor.createTensor(environment, LongBuffer.wrap(ids), shape));
            inputs.put("attention_mask", OnnxTensor.createTensor(environment, LongBuffer.wrap(mask), shape));
            if (wantsTokenTypes) {
                inputs.put("token_type_ids", OnnxTensor.createTensor(environment, LongBuffer.wrap(types), shape));
            }
            try (OrtSession.Result result = session.run(inputs)) {
                float[][][] hidden = (float[][][]) result.get(0).getValue();
                return meanPooled(hidden[0], mask);
            }
        } catch (OrtException e) {
            throw new IllegalStateException("the sentence encoder failed on \"" + text + "\": " + e.getMessage(), e);
        } finally {
            inputs.values().forEach(OnnxTensor::close);
        }
    }

    /** The average of the token vectors the mask keeps, scaled to unit length. */
    static float[] meanPooled(float[][] tokens, long[] mask) {
        float[] sum = new float[tokens[0].length];
        int kept = 0;
        for (int t = 0; t < tokens.length; t++) {
            if (mask[t] != 0) {
                kept++;
                for (int d = 0; d < sum.length; d++) {
                    sum[d] += tokens[t][d];
                }
            }
        }
        double norm = 0;
        for (int d = 0; d < sum.length; d++) {
            sum[d] /= Math.max(1, kept);
            norm += sum[d] * sum[d];
        }
        float scale = norm == 0 ? 0 : (float) (1 / Math.sqrt(norm));
        for (int d = 0; d < sum.length; d++) {
            sum[d] *= scale;
        }
        return sum;
    }

    private static InputStream resource(String name) throws IOException {
        InputStream in = MiniLmEncoder.class.getResourceAsStream(RESOURCES + name);
        if (in == null) {
            throw new IOException(name + " is not on the classpath (build the index module with Maven)");
        }
        return in;
    }

    private static Path copyOnce(String name, Path cacheDir) throws IOException {
        Path target = cacheDir.resolve(name);
        if (!Files.exists(target)) {
            Files.createDirectories(cacheDir);
            Path tmp = Files.createTempFile(cacheDir, name, ".tmp");
            try (InputStream in = resource(name)) {
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            }
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        return target;
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            // nothing left to release
        }
        tokenizer.close();
    }
}
