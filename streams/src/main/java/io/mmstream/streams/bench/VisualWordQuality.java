package io.mmstream.streams.bench;

import io.mmstream.frames.ClipAssembler;
import io.mmstream.frames.ClipFeatureExtractor;
import io.mmstream.frames.ClipFeatureExtractors;
import io.mmstream.frames.ClipWindows;
import io.mmstream.frames.RgbFrame;
import io.mmstream.ingest.DecodeOptions;
import io.mmstream.ingest.MediaDecoder;
import io.mmstream.ingest.MediaSink;
import io.mmstream.ingest.SampledFrame;
import io.mmstream.tokenizer.kmeans.DistanceKernels;
import io.mmstream.tokenizer.kmeans.HierarchicalKMeans;
import io.mmstream.tokenizer.kmeans.KMeansConfig;
import io.mmstream.tokenizer.kmeans.VisualCodebook;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * How well visual words separate shots of different objects, for bench/visual-words.sh: the shot videos
 * ({@code OBJECT__N.mp4}: several shots, framed differently, of each object) are cut into VideoBERT's
 * 1.5 s clips exactly as {@code ingest} does (20 fps, 256 pixels), each extractor's features train a
 * hierarchical k-means codebook, and each clip's word is compared with the object it shows.
 *
 * <p>Usage: {@code VisualWordQuality SHOTS_DIR LEVELS BRANCHING EXTRACTOR...}. Per extractor it prints:
 * normalised mutual information between word and object (0 = unrelated, 1 = each word one object and
 * each object one word), purity (the share of clips whose word's most common object is theirs), and, over
 * pairs of clips from different shots, how often two clips of the same object share a word against two
 * clips of different objects.
 */
public final class VisualWordQuality {

    private VisualWordQuality() {}

    private record Sample(String object, String shot, float[] features) {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int levels = Integer.parseInt(args[1]);
        int branching = Integer.parseInt(args[2]);
        List<Path> videos;
        try (Stream<Path> files = Files.list(dir)) {
            videos = files.filter(p -> p.getFileName().toString().matches(".+__\\d+\\.mp4")).sorted().toList();
        }
        for (int e = 3; e < args.length; e++) {
            ClipFeatureExtractor extractor = ClipFeatureExtractors.create(args[e]);
            long t0 = System.nanoTime();
            List<Sample> samples = new ArrayList<>();
            for (Path video : videos) {
                samples.addAll(clips(video, extractor));
            }
            double extractS = (System.nanoTime() - t0) / 1e9;
            KMeansConfig base = KMeansConfig.videoBert(42);
            VisualCodebook codebook = new HierarchicalKMeans(new KMeansConfig(levels, branching, 42, base.iterations(),
                    base.batchSize(), base.restarts()), DistanceKernels.best())
                    .train(samples.stream().map(Sample::features).toList(), extractor.name());
            int[] words = samples.stream().mapToInt(s -> codebook.token(s.features())).toArray();
            report(extractor.name(), samples, words, extractS);
            if (extractor instanceof AutoCloseable closeable) {
                closeable.close();
            }
        }
    }

    private static List<Sample> clips(Path video, ClipFeatureExtractor extractor) throws Exception {
        String name = video.getFileName().toString();
        String object = name.substring(0, name.indexOf("__"));
        ClipAssembler assembler = new ClipAssembler(ClipWindows.videoBert(), 0);
        List<ClipAssembler.Clip> clips = new ArrayList<>();
        DecodeOptions options = DecodeOptions.defaults().withAudio(false).withMaxSide(256)
                .withFrameRate(ClipWindows.videoBert().frameRate());
        new MediaDecoder(options).decode(video.toString(), new MediaSink() {
            @Override
            public void frame(SampledFrame f) {
                clips.addAll(assembler.add(new RgbFrame(f.ptsUs(), f.width(), f.height(), f.rgb())).complete());
            }
        });
        List<Sample> out = new ArrayList<>();
        for (ClipAssembler.Clip clip : clips) {
            out.add(new Sample(object, name, extractor.extract(clip.frames())));
        }
        return out;
    }

    private static void report(String extractor, List<Sample> samples, int[] words, double extractS) {
        int n = samples.size();
        Map<Integer, Map<String, Integer>> byWord = new HashMap<>();
        Map<String, Integer> byObject = new HashMap<>();
        for (int i = 0; i < n; i++) {
            byWord.computeIfAbsent(words[i], w -> new HashMap<>()).merge(samples.get(i).object(), 1, Integer::sum);
            byObject.merge(samples.get(i).object(), 1, Integer::sum);
        }
        double mutual = 0;
        double hWord = 0;
        double hObject = 0;
        int pure = 0;
        for (Map<String, Integer> objects : byWord.values()) {
            int wordCount = objects.values().stream().mapToInt(Integer::intValue).sum();
            hWord -= (double) wordCount / n * Math.log((double) wordCount / n);
            pure += objects.values().stream().mapToInt(Integer::intValue).max().orElse(0);
            for (Map.Entry<String, Integer> o : objects.entrySet()) {
                double pJoint = (double) o.getValue() / n;
                mutual += pJoint * Math.log(pJoint / ((double) wordCount / n * byObject.get(o.getKey()) / n));
            }
        }
        for (int count : byObject.values()) {
            hObject -= (double) count / n * Math.log((double) count / n);
        }
        long same = 0;
        long sameShared = 0;
        long different = 0;
        long differentShared = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                if (samples.get(i).shot().equals(samples.get(j).shot())) {
                    continue;
                }
                boolean shared = words[i] == words[j];
                if (samples.get(i).object().equals(samples.get(j).object())) {
                    same++;
                    sameShared += shared ? 1 : 0;
                } else {
                    different++;
                    differentShared += shared ? 1 : 0;
                }
            }
        }
        System.out.printf(Locale.ROOT, "%s: clips=%d objects=%d words_used=%d nmi=%.3f purity=%.3f"
                        + " same_object_other_shot_shares_word=%.3f other_object_shares_word=%.3f extract_s=%.1f%n",
                extractor, n, byObject.size(), byWord.size(), 2 * mutual / (hWord + hObject), (double) pure / n,
                (double) sameShared / Math.max(1, same), (double) differentShared / Math.max(1, different), extractS);
    }
}
