package io.mmstream.streams.bench;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Adam;
import ai.djl.training.tracker.Tracker;
import io.mmstream.models.videobert.PretrainingBatch;
import io.mmstream.models.videobert.PretrainingCorpus;
import io.mmstream.models.videobert.PretrainingExample;
import io.mmstream.models.videobert.PretrainingLoss;
import io.mmstream.models.videobert.Segment;
import io.mmstream.models.videobert.VideoBert;
import io.mmstream.models.videobert.VideoBertConfig;
import io.mmstream.models.videobert.VideoBertTrainer;
import io.mmstream.models.videobert.VideoBertVocabulary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * VideoBERT training and inference speed on this machine, on a generated corpus shaped like
 * mm.sequences (sentences of 8-20 word pieces with 2-10 visual words, and visual-only segments of
 * 16 words, BERT's vocabulary and a 4 x 12 codebook):
 * <ul>
 *   <li>{@code throughput SIZE BATCH STEPS ROUNDS}: tokens/s of {@link VideoBertTrainer} (drawing,
 *       masking and batching each step as pretraining does) against a bare DJL loop over the same
 *       model size and the same batches, built beforehand (forward, loss, backward, Adam step, nothing
 *       else), in alternating rounds; then segments/s of inference ({@link VideoBert#encode}, one
 *       segment at a time as the embeddings topology runs it).</li>
 *   <li>{@code memory SIZE BATCH STEPS}: resident memory every 1,000 steps of {@link VideoBertTrainer}
 *       (over a small vocabulary, so that 10,000 steps take minutes).</li>
 *   <li>{@code export SIZE BATCH STEPS FILE} and {@code replay SIZE BATCH STEPS}: the reference run
 *       against PyTorch eager. {@code export} writes a warm-up round and a measured round of batches
 *       (the model's inputs, as {@link PretrainingBatch} lays them out) for bench/videobert_eager.py;
 *       {@code replay} trains on the same batches, drawn again from the same seeds, with
 *       {@link VideoBertTrainer}: the warm-up round, then the measured one.</li>
 * </ul>
 * Run by bench/videobert.sh.
 */
public final class TrainingThroughput {

    private TrainingThroughput() {}

    static PretrainingCorpus corpus(VideoBertVocabulary vocabulary, int maxLength, long seed) {
        PretrainingCorpus corpus = new PretrainingCorpus(vocabulary, maxLength);
        Random random = new Random(seed);
        for (int v = 0; v < 200; v++) {
            for (int s = 0; s < 50; s++) {
                boolean spoken = random.nextInt(4) != 0;
                int[] text = spoken ? random.ints(8 + random.nextInt(13), 1000, vocabulary.textSize()).toArray() : new int[0];
                int[] visual = random.ints(spoken ? 2 + random.nextInt(9) : 16, 0, vocabulary.visualSize()).toArray();
                corpus.add(new PretrainingCorpus.Entry("video-" + v, text, visual));
            }
        }
        return corpus;
    }

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        VideoBertConfig config = VideoBertConfig.named(args[1]);
        int batch = Integer.parseInt(args[2]);
        int steps = Integer.parseInt(args[3]);
        VideoBertVocabulary vocabulary = VideoBertVocabulary.bertAndCodebook(20_736);
        PretrainingCorpus corpus = corpus(vocabulary, config.maxLength(), 1);
        if (mode.equals("export")) {
            export(vocabulary, config, corpus, batch, steps, Path.of(args[4]));
        } else if (mode.equals("replay")) {
            replay(vocabulary, config, corpus, batch, steps);
        } else if (mode.equals("memory")) {
            // what is checked is that arrays do not pile up step after step; a small vocabulary
            // (1,100 text ids, 144 visual words) makes 10,000 steps take minutes instead of an hour
            VideoBertVocabulary small = new VideoBertVocabulary(1_100, 144);
            memory(small, config, corpus(small, config.maxLength(), 1), batch, steps);
        } else {
            throughput(vocabulary, config, corpus, batch, steps, Integer.parseInt(args[4]));
        }
    }

    private static void throughput(VideoBertVocabulary vocabulary, VideoBertConfig config, PretrainingCorpus corpus, int batch,
            int steps, int rounds) throws Exception {
        System.out.printf(Locale.ROOT, "VideoBERT %s (%d x %d x %d), batch %d, %d steps a round, device %s%n", args(config),
                config.layers(), config.hidden(), config.heads(), batch, steps, VideoBert.device());
        List<Double> ratios = new ArrayList<>();
        try (VideoBert ours = VideoBert.create(vocabulary, config, 7); VideoBert bare = VideoBert.create(vocabulary, config, 7);
                VideoBertTrainer trainer = new VideoBertTrainer(ours, 1e-4f, 0, 1_000_000, 0);
                Trainer bareTrainer = bare.model().newTrainer(new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                        .optOptimizer(Adam.builder().optLearningRateTracker(Tracker.fixed(1e-4f)).build())
                        .optDevices(new ai.djl.Device[] {VideoBert.device()}))) {
            for (int round = 0; round <= rounds; round++) {
                // the same batches for both: drawn with the same seeds
                long oursTokens = 0;
                long start = System.nanoTime();
                for (int i = 0; i < steps; i++) {
                    oursTokens += trainer.step(corpus.batch(batch, new Random(round * 100_000L + i))).tokens();
                }
                double oursRate = oursTokens / ((System.nanoTime() - start) / 1e9);
                List<List<PretrainingExample>> prepared = new ArrayList<>();
                for (int i = 0; i < steps; i++) {
                    prepared.add(corpus.batch(batch, new Random(round * 100_000L + i)));
                }
                long bareTokens = 0;
                start = System.nanoTime();
                for (List<PretrainingExample> examples : prepared) {
                    try (NDManager m = bare.model().getNDManager().newSubManager()) {
                        PretrainingBatch b = PretrainingBatch.of(examples, m);
                        try (GradientCollector c = bareTrainer.newGradientCollector()) {
                            NDList losses = PretrainingLoss.of(bareTrainer.forward(b.inputs()), b);
                            c.backward(losses.get(0).add(losses.get(1)));
                        }
                        bareTrainer.step();
                        bareTokens += b.tokens();
                    }
                }
                double bareRate = bareTokens / ((System.nanoTime() - start) / 1e9);
                if (round == 0) {
                    System.out.printf(Locale.ROOT, "warm-up round: mmstream %.0f tokens/s, bare DJL %.0f tokens/s%n", oursRate, bareRate);
                    continue;
                }
                ratios.add(oursRate / bareRate);
                System.out.printf(Locale.ROOT, "round %d: mmstream trainer %.0f tokens/s, bare DJL loop %.0f tokens/s, ratio %.3f%n",
                        round, oursRate, bareRate, oursRate / bareRate);
            }
            ratios.sort(Double::compare);
            System.out.printf(Locale.ROOT, "training ratio mmstream / bare DJL: median %.3f (min %.3f, max %.3f)%n",
                    ratios.get(ratios.size() / 2), ratios.get(0), ratios.get(ratios.size() - 1));

            Random random = new Random(3);
            List<Segment.Layout> layouts = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                PretrainingExample e = corpus.batch(1, random).get(0);
                layouts.add(new Segment.Layout(e.ids(), e.types()));
            }
            for (int i = 0; i < 30; i++) {
                ours.encode(layouts.get(i));
            }
            long start = System.nanoTime();
            for (Segment.Layout l : layouts) {
                ours.encode(l);
            }
            System.out.printf(Locale.ROOT, "inference: %.0f segments/s (one at a time, pooled and per-token vectors)%n",
                    layouts.size() / ((System.nanoTime() - start) / 1e9));
        }
    }

    /** The batches of the eager comparison: a warm-up round, then a measured round, each of {@code steps}. */
    private static List<List<PretrainingExample>> eagerBatches(PretrainingCorpus corpus, int batch, int steps) {
        List<List<PretrainingExample>> batches = new ArrayList<>();
        for (int i = 0; i < 2 * steps; i++) {
            batches.add(corpus.batch(batch, new Random(500_000L + i)));
        }
        return batches;
    }

    /**
     * Writes the eager comparison's batches, little-endian int32: a header (text ids, visual words,
     * layers, hidden, heads, intermediate, max length, dropout x 1000, batches), then per batch its
     * segments b, length t and masked positions m, ids[b t], types[b t], real-token flags[b t],
     * masked positions[m], their labels[m], aligned flags[b] and alignment weights[b].
     */
    private static void export(VideoBertVocabulary vocabulary, VideoBertConfig config, PretrainingCorpus corpus, int batch,
            int steps, Path file) throws Exception {
        List<List<PretrainingExample>> batches = eagerBatches(corpus, batch, steps);
        try (var out = new java.io.DataOutputStream(new java.io.BufferedOutputStream(Files.newOutputStream(file)))) {
            writeInts(out, vocabulary.textSize(), vocabulary.visualSize(), config.layers(), config.hidden(), config.heads(),
                    config.intermediate(), config.maxLength(), Math.round(config.dropout() * 1000), batches.size());
            for (List<PretrainingExample> examples : batches) {
                PretrainingBatch.Layout l = PretrainingBatch.Layout.of(examples);
                writeInts(out, l.segments(), l.length(), l.positions().length);
                writeInts(out, l.ids());
                writeInts(out, l.types());
                writeInts(out, ints(l.padding()));
                writeInts(out, java.util.Arrays.stream(l.positions()).mapToInt(Math::toIntExact).toArray());
                writeInts(out, l.labels());
                writeInts(out, ints(l.alignLabels()));
                writeInts(out, ints(l.alignWeights()));
            }
        }
        System.out.printf(Locale.ROOT, "wrote %d batches of %d segments to %s%n", batches.size(), batch, file);
    }

    private static void writeInts(java.io.DataOutputStream out, int... values) throws java.io.IOException {
        for (int v : values) {
            out.writeInt(Integer.reverseBytes(v));
        }
    }

    /** The 0/1 flags of a layout as ints. */
    private static int[] ints(float[] flags) {
        int[] out = new int[flags.length];
        for (int i = 0; i < flags.length; i++) {
            out[i] = Math.round(flags[i]);
        }
        return out;
    }

    /** Trains on the eager comparison's batches with the product's trainer; prints the measured round's tokens/s. */
    private static void replay(VideoBertVocabulary vocabulary, VideoBertConfig config, PretrainingCorpus corpus, int batch, int steps)
            throws Exception {
        List<List<PretrainingExample>> batches = eagerBatches(corpus, batch, steps);
        try (VideoBert model = VideoBert.create(vocabulary, config, 7);
                VideoBertTrainer trainer = new VideoBertTrainer(model, 1e-4f, 0, 1_000_000, 0, 7)) {
            for (int round = 0; round < 2; round++) {
                long tokens = 0;
                long start = System.nanoTime();
                for (List<PretrainingExample> examples : batches.subList(round * steps, (round + 1) * steps)) {
                    tokens += trainer.step(examples).tokens();
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                System.out.printf(Locale.ROOT, "%s: DJL %.0f tokens/s (%d tokens in %.2f s)%n", round == 0 ? "warm-up" : "measured",
                        tokens / seconds, tokens, seconds);
            }
        }
    }

    private static void memory(VideoBertVocabulary vocabulary, VideoBertConfig config, PretrainingCorpus corpus, int batch, int steps)
            throws Exception {
        System.out.printf(Locale.ROOT, "VideoBERT %s, batch %d: resident memory every 1,000 steps%n", args(config), batch);
        try (VideoBert model = VideoBert.create(vocabulary, config, 7);
                VideoBertTrainer trainer = new VideoBertTrainer(model, 1e-4f, 100, steps, 0)) {
            long start = System.nanoTime();
            for (int i = 1; i <= steps; i++) {
                trainer.step(corpus.batch(batch, new Random(i)));
                if (i % 1000 == 0) {
                    System.out.printf(Locale.ROOT, "step %,d: RSS %d MB (%.0f s)%n", i, rssMb(), (System.nanoTime() - start) / 1e9);
                }
            }
        }
    }

    private static String args(VideoBertConfig c) {
        return c.layers() + "x" + c.hidden();
    }

    static long rssMb() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
            }
        }
        return -1;
    }
}
