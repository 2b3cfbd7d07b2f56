package io.mmstream.models.imagetext;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import io.mmstream.models.videobert.VideoBertConfig;
import io.mmstream.models.videobert.VideoBertVocabulary;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The two-stream models' parts: co-attention on known tensors, LXMERT's layout at full size, and the task
 * heads of LXMERT and 12-in-1 learning their tasks.
 */
class TwoStreamModelsIT {

    /** Steps of each task in the task heads' test. */
    private static final int STEPS = 60;

    /**
     * With every projection the identity and no bias, one head of width 4, the co-attention layer's text
     * output is LayerNorm(text + softmax(text . regions^T / 2) regions) over the regions the mask lets it
     * see, and the regions' the same with the roles swapped: queries from one stream, keys and values from
     * the other.
     */
    @Test
    void coAttentionTakesQueriesFromOneStreamAndKeysAndValuesFromTheOther() {
        VideoBertConfig config = new VideoBertConfig(1, 4, 1, 8, 8, 0f);
        float[][] text = {{1, 0, 0, 0}, {0, 2, 0, 1}};
        float[][] regions = {{0, 1, 0, 0}, {1, 1, 1, 0}, {3, 0, 0, 2}};
        // the text may not see region 2; every region sees all the text
        float[][] textToRegions = {{1, 1, 0}, {1, 1, 0}};
        float[][] regionsToText = {{1, 1}, {1, 1}, {1, 1}};
        try (Model model = Model.newInstance("co-attention", ai.djl.Device.cpu(), "PyTorch")) {
            CoAttentionLayer layer = new CoAttentionLayer(config, false);
            model.setBlock(layer);
            NDManager manager = model.getNDManager();
            layer.initialize(manager, DataType.FLOAT32, new Shape(1, 2, 4), new Shape(1, 3, 4), new Shape(1, 2, 3), new Shape(1, 3, 2));
            for (Pair<String, Parameter> p : layer.getParameters()) {
                NDArray value = p.getValue().getArray();
                if (p.getKey().contains("Projection") && p.getKey().endsWith("weight")) {
                    value.set(FloatBuffer.wrap(manager.eye(4).toFloatArray()));
                } else if (p.getKey().contains("Projection") && p.getKey().endsWith("bias")) {
                    value.set(FloatBuffer.wrap(new float[4]));
                }
            }
            NDList out = layer.forward(new ParameterStore(manager, false), new NDList(array(manager, text), array(manager, regions),
                    array(manager, textToRegions), array(manager, regionsToText)), false);
            assertArrayEquals(flat(expected(text, regions, textToRegions)), out.get(0).toFloatArray(), 1e-4f);
            assertArrayEquals(flat(expected(regions, text, regionsToText)), out.get(1).toFloatArray(), 1e-4f);
        }
    }

    /** Attention by hand: for each query row, softmax over the visible key rows of q.k / sqrt(4), the values summed, residual, LayerNorm. */
    private static float[][] expected(float[][] queries, float[][] keys, float[][] mask) {
        float[][] out = new float[queries.length][];
        for (int i = 0; i < queries.length; i++) {
            double[] weights = new double[keys.length];
            double sum = 0;
            for (int j = 0; j < keys.length; j++) {
                double dot = 0;
                for (int d = 0; d < 4; d++) {
                    dot += queries[i][d] * keys[j][d];
                }
                weights[j] = mask[i][j] > 0 ? Math.exp(dot / 2) : 0;
                sum += weights[j];
            }
            double[] x = new double[4];
            for (int d = 0; d < 4; d++) {
                x[d] = queries[i][d];
                for (int j = 0; j < keys.length; j++) {
                    x[d] += weights[j] / sum * keys[j][d];
                }
            }
            double mean = (x[0] + x[1] + x[2] + x[3]) / 4;
            double variance = 0;
            for (double v : x) {
                variance += (v - mean) * (v - mean) / 4;
            }
            out[i] = new float[4];
            for (int d = 0; d < 4; d++) {
                out[i][d] = (float) ((x[d] - mean) / Math.sqrt(variance + 1e-5));
            }
        }
        return out;
    }

    private static NDArray array(NDManager manager, float[][] rows) {
        return manager.create(flat(rows), new Shape(1, rows.length, rows[0].length));
    }

    private static float[] flat(float[][] rows) {
        float[] out = new float[rows.length * rows[0].length];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, out, i * rows[i].length, rows[i].length);
        }
        return out;
    }

    @Test
    void lxmertAtFullSizeHasNineLanguageFiveObjectAndFiveCrossModalityLayers() {
        VideoBertConfig base = VideoBertConfig.named("base");
        ImageTextConfig config = new ImageTextConfig(base, 135, 10, 20, 144);
        VideoBertVocabulary vocabulary = new VideoBertVocabulary(30_522, 144);
        // blocks are laid out, not initialised: no weights are allocated
        assertArrayEquals(new int[] {9, 5, 5}, new TwoStreamEncoder(ImageTextArchitecture.LXMERT, vocabulary, config).layerCounts());
        assertArrayEquals(new int[] {9, 5, 5}, new TwoStreamEncoder(ImageTextArchitecture.LXMERT, vocabulary,
                new ImageTextConfig(VideoBertConfig.named("large"), 135, 10, 20, 144)).layerCounts());
        assertArrayEquals(new int[] {1, 1, 1}, new TwoStreamEncoder(ImageTextArchitecture.LXMERT, vocabulary,
                new ImageTextConfig(VideoBertConfig.named("tiny"), 135, 10, 20, 144)).layerCounts(), "tiny scales it down");
        assertArrayEquals(new int[] {6, 0, 6}, new TwoStreamEncoder(ImageTextArchitecture.VILBERT, vocabulary, config).layerCounts());
    }

    @Test
    void theTaskHeadsOfLxmertAndTwelveInOneLearnTheirTasks() throws Exception {
        ImageTextConfig config = TinyImageTextSet.config();
        List<ImageTextExample> examples = TinyImageTextSet.examples(12, 4);
        Map<Task, List<TaskExample>> tasks = Map.of(
                // the answer is the class of region 1, which the question's first word names too
                Task.QUESTION_ANSWERING, tasks(examples, Task.QUESTION_ANSWERING, e -> e.classes()[1] % SceneTasks.ANSWERS.size()),
                Task.REFERRING, referring(TinyImageTextSet.examples(24, 5)),
                Task.VERIFICATION, tasks(examples, Task.VERIFICATION, e -> e.words().length % 2));
        for (ImageTextArchitecture a : List.of(ImageTextArchitecture.LXMERT, ImageTextArchitecture.TWELVE_IN_ONE)) {
            try (ImageTextModel model = ImageTextModel.create(a, TinyImageTextSet.TEXT_VOCABULARY, config, 5);
                    ImageTextTrainer trainer = new ImageTextTrainer(model, 3e-3f, 3, STEPS * a.objectives().tasks().size(), 5)) {
                for (Task task : a.objectives().tasks()) {
                    List<TaskExample> set = tasks.get(task);
                    float first = 0;
                    float last = 0;
                    for (int s = 0; s < STEPS; s++) {
                        float loss = trainer.step(task, set).losses().get(task.loss());
                        first += s < 5 ? loss / 5 : 0;
                        last += s >= STEPS - 5 ? loss / 5 : 0;
                    }
                    assertTrue(last < first * 0.75f, a.id() + " " + task + ": " + first + " -> " + last);
                    int[] predicted = model.predict(task, set);
                    int right = 0;
                    for (int i = 0; i < set.size(); i++) {
                        right += predicted[i] == set.get(i).label() ? 1 : 0;
                    }
                    // chance is at most one in two (verification), one in five for the regions
                    assertTrue(right > set.size() * 0.6, a.id() + " " + task + ": " + right + " of " + set.size() + " right");
                }
            }
        }
    }

    /** Phrases whose word names a region's class, that class had by no other region: that region is the label. */
    private static List<TaskExample> referring(List<ImageTextExample> examples) {
        List<TaskExample> out = new ArrayList<>();
        Random random = new Random(8);
        for (ImageTextExample e : examples) {
            int target = 1 + random.nextInt(TinyImageTextSet.REGIONS - 1);
            int matching = 0;
            for (int r = 1; r < TinyImageTextSet.REGIONS; r++) {
                matching += e.classes()[r] == e.classes()[target] ? 1 : 0;
            }
            if (matching == 1) {
                int[] words = {1_000 + e.classes()[target] * 10};
                out.add(new TaskExample(Task.REFERRING, new ImageTextExample(words, e.features(), e.geometry(), e.classes(),
                        e.classDistributions()), target, "the region of class " + e.classes()[target]));
            }
        }
        return out;
    }

    private static List<TaskExample> tasks(List<ImageTextExample> examples, Task task, java.util.function.ToIntFunction<ImageTextExample> label) {
        List<TaskExample> out = new ArrayList<>();
        Random random = new Random(task.ordinal());
        for (ImageTextExample e : examples) {
            int[] words = e.words().clone();
            words[0] = 1_000 + random.nextInt(50);
            ImageTextExample asked = new ImageTextExample(words, e.features(), e.geometry(), e.classes(), e.classDistributions());
            out.add(new TaskExample(task, asked, label.applyAsInt(asked), task.title()));
        }
        return out;
    }
}
