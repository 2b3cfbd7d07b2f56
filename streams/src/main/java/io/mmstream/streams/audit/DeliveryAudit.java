package io.mmstream.streams.audit;

import io.mmstream.streams.kafka.ClientSettings;
import io.mmstream.streams.kafka.KafkaCluster;
import io.mmstream.streams.kafka.KafkaUnavailableException;
import io.mmstream.streams.kafka.TopicReplay;
import io.mmstream.streams.records.Caption;
import io.mmstream.streams.records.Clip;
import io.mmstream.streams.records.Frame;
import io.mmstream.streams.records.IndexEntry;
import io.mmstream.streams.records.Transcript;
import io.mmstream.streams.records.VisualToken;
import io.mmstream.streams.search.IndexTopology;
import io.mmstream.streams.topics.Topic;
import io.mmstream.streams.topics.Topics;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.apache.kafka.common.serialization.Serdes;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Reads every committed record of the pipeline's topics and checks, per video, that each stage's
 * output exists exactly once: frames, clips and visual words numbered 0..n-1 with no gap and no
 * repeat, final utterances and caption cues without repeats or overlaps and with one end each, and
 * one search-index entry per utterance and clip.
 */
public final class DeliveryAudit {

    /** The changelog of the search index's store: where its entries are counted. */
    public static final String INDEX_CHANGELOG = IndexTopology.APPLICATION_ID + "-" + IndexTopology.STORE + "-changelog";

    private final Map<String, VideoRecords> videos = new TreeMap<>();

    private DeliveryAudit() {}

    /** What one video has on the topics. */
    public static final class VideoRecords {
        final List<Long> frames = new ArrayList<>();
        int frameEnds;
        final List<Long> clips = new ArrayList<>();
        int clipEnds;
        final List<Long> tokens = new ArrayList<>();
        final List<long[]> utterances = new ArrayList<>();
        final List<String> words = new ArrayList<>();
        int transcriptEnds;
        final List<long[]> cues = new ArrayList<>();
        int captionEnds;
        int featureClips;
        final Map<String, Integer> indexWrites = new HashMap<>();

        /** The clip indices of the video's visual words. */
        public List<Long> tokens() {
            return tokens;
        }

        /** The words of the video's final utterances, in order. */
        public List<String> words() {
            return words;
        }
    }

    /** Reads the topics of {@code cluster}; {@code withIndex} also reads the search index's changelog. */
    public static DeliveryAudit read(KafkaCluster cluster, boolean withIndex) {
        DeliveryAudit audit = new DeliveryAudit();
        TopicReplay.replay(cluster, Topics.FRAMES, (String video, Frame f) -> {
            VideoRecords v = audit.video(video);
            v.frames.add(f.getIndex());
            v.frameEnds += f.getLast() ? 1 : 0;
        });
        TopicReplay.replay(cluster, Topics.CLIPS, (String video, Clip c) -> {
            VideoRecords v = audit.video(video);
            v.clips.add(c.getIndex());
            v.clipEnds += c.getLast() ? 1 : 0;
            v.featureClips += !c.getLast() && c.getDimension() > 0 ? 1 : 0;
        });
        TopicReplay.replay(cluster, Topics.VISUAL_TOKENS, (String video, VisualToken t) -> audit.video(video).tokens.add(t.getClipIndex()));
        TopicReplay.replay(cluster, Topics.TRANSCRIPTS, (String video, Transcript t) -> {
            VideoRecords v = audit.video(video);
            if (t.getEndOfStream()) {
                v.transcriptEnds++;
            } else if (t.getIsFinal()) {
                v.utterances.add(new long[] {t.getStartUs(), t.getEndUs()});
                for (String w : t.getText().toString().split("\\s+")) {
                    if (!w.isBlank()) {
                        v.words.add(w);
                    }
                }
            }
        });
        TopicReplay.replay(cluster, Topics.CAPTIONS, (String video, Caption c) -> {
            VideoRecords v = audit.video(video);
            if (c.getEndOfStream()) {
                v.captionEnds++;
            } else if (c.getIsFinal()) {
                v.cues.add(new long[] {c.getStartUs(), c.getEndUs()});
            }
        });
        if (withIndex) {
            audit.indexRead = true;
            Topic<String, IndexEntry> changelog = new Topic<>(INDEX_CHANGELOG, Serdes.String(), Topics.INDEX_ENTRY_SERDE, 1, Map.of());
            TopicReplay.replay(cluster, changelog, (String key, IndexEntry e) -> {
                if (e == null) {
                    return;
                }
                VideoRecords v = audit.video(e.getVideoId().toString());
                v.indexWrites.merge(key, 1, Integer::sum);
            });
        }
        return audit;
    }

    /** Whether the search index's changelog was read. */
    private boolean indexRead;

    /** Each of {@code expected} records has its index entry of {@code kind} (its initial in the key): no more, no fewer. */
    private static void indexed(String what, int expected, VideoRecords v, String kind, List<String> problems) {
        long entries = v.indexWrites.keySet().stream().filter(k -> k.split("\0", -1).length > 1 && k.split("\0", -1)[1].equals(kind)).count();
        if (entries != expected) {
            problems.add(expected + " " + what + "s but " + entries + " " + what + " entries in the index");
        }
    }

    private VideoRecords video(String id) {
        return videos.computeIfAbsent(id, k -> new VideoRecords());
    }

    /** The videos seen, by id. */
    public Map<String, VideoRecords> videos() {
        return videos;
    }

    /** What the audit of one video found wrong: empty when every record exists exactly once. */
    public List<String> problems(String videoId) {
        VideoRecords v = videos.get(videoId);
        List<String> problems = new ArrayList<>();
        if (v == null) {
            return List.of("nothing on the topics");
        }
        numbered("frame", v.frames, v.frameEnds, problems);
        numbered("clip", v.clips, v.clipEnds, problems);
        if (!v.tokens.isEmpty() && !new TreeSet<>(v.tokens).equals(new TreeSet<>(v.clips))) {
            problems.add("visual words for clips " + span(new TreeSet<>(v.tokens)) + " but clips " + span(new TreeSet<>(v.clips)));
        }
        repeats("visual word", v.tokens, problems);
        intervals("final utterance", v.utterances, problems);
        ends("transcript", v.transcriptEnds, problems);
        intervals("final caption cue", v.cues, problems);
        ends("caption", v.captionEnds, problems);
        if (indexRead) {
            indexed("utterance", (int) v.utterances.stream().map(u -> u[0]).distinct().count(), v, "U", problems);
            indexed("clip", v.featureClips, v, "C", problems);
        }
        return problems;
    }

    /** Index entries written more than once (a committed repeat), per video; empty when the index was not read. */
    public Map<String, Integer> indexRepeats(String videoId) {
        Map<String, Integer> repeats = new TreeMap<>();
        VideoRecords v = videos.get(videoId);
        if (v != null) {
            v.indexWrites.forEach((key, writes) -> {
                if (writes > 1) {
                    repeats.put(key.replace('\0', '/'), writes);
                }
            });
        }
        return repeats;
    }

    /** How many distinct search-index entries the video has. */
    public int indexEntries(String videoId) {
        VideoRecords v = videos.get(videoId);
        return v == null ? 0 : v.indexWrites.size();
    }

    /** How many records of each kind the video has: frames, clips, visual words, utterances, cues. */
    public static Map<String, Integer> counts(VideoRecords v) {
        Map<String, Integer> counts = new java.util.LinkedHashMap<>();
        counts.put("frames", v.frames.size());
        counts.put("clips", v.clips.size());
        counts.put("visual words", v.tokens.size());
        counts.put("utterances", v.utterances.size());
        counts.put("cues", v.cues.size());
        counts.put("index entries", v.indexWrites.size());
        return counts;
    }

    /** Indices 0..n-1, each once, with one end marker on n-1. */
    private static void numbered(String what, List<Long> indices, int ends, List<String> problems) {
        if (indices.isEmpty()) {
            return;
        }
        Set<Long> distinct = new TreeSet<>(indices);
        repeats(what, indices, problems);
        long max = ((TreeSet<Long>) distinct).last();
        if (distinct.size() != max + 1) {
            List<Long> missing = new ArrayList<>();
            for (long i = 0; i <= max && missing.size() < 5; i++) {
                if (!distinct.contains(i)) {
                    missing.add(i);
                }
            }
            problems.add((max + 1 - distinct.size()) + " " + what + "s missing of 0.." + max + " (first " + missing + ")");
        }
        if (ends != 1) {
            problems.add(what + " end marked " + ends + " times");
        }
    }

    private static void repeats(String what, List<Long> indices, List<String> problems) {
        int repeated = indices.size() - new TreeSet<>(indices).size();
        if (repeated > 0) {
            problems.add(repeated + " " + what + "s written twice");
        }
    }

    private static void ends(String what, int ends, List<String> problems) {
        if (ends != 1) {
            problems.add(what + " end written " + ends + " times");
        }
    }

    /** Final results that repeat, or start before the previous one ended. */
    private static void intervals(String what, List<long[]> spans, List<String> problems) {
        List<long[]> sorted = new ArrayList<>(spans);
        sorted.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
        int repeats = 0;
        int overlaps = 0;
        for (int i = 1; i < sorted.size(); i++) {
            long[] before = sorted.get(i - 1);
            long[] now = sorted.get(i);
            if (before[0] == now[0] && before[1] == now[1]) {
                repeats++;
            } else if (now[0] < before[1]) {
                overlaps++;
            }
        }
        if (repeats > 0) {
            problems.add(repeats + " " + what + "s written twice");
        }
        if (overlaps > 0) {
            problems.add(overlaps + " " + what + "s overlap the one before");
        }
    }

    private static String span(TreeSet<Long> indices) {
        return indices.isEmpty() ? "none" : indices.first() + ".." + indices.last() + " (" + indices.size() + ")";
    }

    /**
     * Prints the audit of a cluster, one line per video, and exits with 1 when any record is missing or
     * repeated, 2 on a usage error: {@code DeliveryAudit BOOTSTRAP [--index] [--client-config FILE]}.
     */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** What {@link #main} does, returning its exit status. */
    public static int run(String[] args, java.io.PrintStream out, java.io.PrintStream err) {
        return new CommandLine(new AuditCommand(out)).setOut(new java.io.PrintWriter(out, true))
                .setErr(new java.io.PrintWriter(err, true)).execute(args);
    }

    /** The command line of {@link #main}. */
    @Command(name = "DeliveryAudit", mixinStandardHelpOptions = true,
            description = "Checks that every record of every video on the cluster exists exactly once.")
    static final class AuditCommand implements Callable<Integer> {

        @Parameters(index = "0", paramLabel = "BOOTSTRAP", description = "The cluster's bootstrap servers.")
        String bootstrap;

        @Option(names = "--index", description = "Also check the search index's changelog.")
        boolean withIndex;

        @Option(names = "--client-config", paramLabel = "FILE",
                description = "Kafka client settings (TLS, SASL/SCRAM), as mmstream's own --client-config.")
        java.nio.file.Path clientConfig;

        @Spec
        CommandSpec spec;

        private final java.io.PrintStream out;

        AuditCommand(java.io.PrintStream out) {
            this.out = out;
        }

        @Override
        public Integer call() {
            ClientSettings settings;
            try {
                settings = clientConfig == null ? ClientSettings.none() : ClientSettings.load(clientConfig);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage());
            }
            try (KafkaCluster cluster = KafkaCluster.open(bootstrap, java.nio.file.Path.of("."), "audit", settings)) {
                DeliveryAudit audit = read(cluster, withIndex);
                int bad = 0;
                for (var video : audit.videos().entrySet()) {
                    List<String> problems = new ArrayList<>(audit.problems(video.getKey()));
                    audit.indexRepeats(video.getKey()).forEach((key, n) -> problems.add("index entry " + key + " written " + n + " times"));
                    bad += problems.isEmpty() ? 0 : 1;
                    out.println(video.getKey() + ": " + counts(video.getValue()) + (problems.isEmpty() ? ": exactly once"
                            : ": " + String.join("; ", problems)));
                }
                return bad == 0 ? 0 : 1;
            } catch (KafkaUnavailableException e) {
                spec.commandLine().getErr().println("DeliveryAudit: " + e.getMessage());
                return 1;
            }
        }
    }
}
