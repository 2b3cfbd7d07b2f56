package io.mmstream.streams.bench;

import io.mmstream.streams.kafka.KafkaCluster;
import io.mmstream.streams.kafka.RecordSender;
import io.mmstream.streams.records.SourceKind;
import io.mmstream.streams.records.TimedWord;
import io.mmstream.streams.records.Transcript;
import io.mmstream.streams.records.Video;
import io.mmstream.streams.topics.Topics;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

/**
 * Writes a large synthetic library onto a data dir's topics, for search benchmarks: VIDEOS videos of
 * PER_VIDEO utterances each, sentences drawn (seeded) from a small grammar of everyday topics, words
 * 300 ms apart, each video ended. {@code serve} or {@code index} then indexes them as any library.
 * Usage: {@code SearchCorpus DATA_DIR VIDEOS PER_VIDEO [SEED]}; run by bench/search-latency.sh.
 */
public final class SearchCorpus {

    static final String[] SUBJECTS = {"the chef", "my neighbour", "the teacher", "a farmer", "the pilot", "our guide", "the doctor",
        "a student", "the engineer", "the driver", "my sister", "the painter", "a musician", "the gardener", "the reporter"};
    static final String[] VERBS = {"explains", "repairs", "paints", "cooks", "measures", "plants", "sells", "carries", "cleans",
        "describes", "builds", "checks", "opens", "finds", "moves"};
    static final String[] OBJECTS = {"the old bicycle", "a wooden table", "the kitchen sink", "fresh tomatoes", "the broken window",
        "a red umbrella", "the garden fence", "warm bread", "the train timetable", "a silver teapot", "the blue boat", "winter coats",
        "the stone bridge", "a paper map", "the heavy suitcase"};
    static final String[] PLACES = {"near the river", "before breakfast", "in the village square", "after the storm", "at the market",
        "behind the school", "during the festival", "on the mountain road", "in the small harbour", "under the bright lamps"};

    static final String[] WHEN = {"every monday", "last winter", "this morning", "twice a year", "on sunday evening",
        "at midnight", "in early spring", "before the holidays", "after lunch", "all summer long", "once again", "at dawn"};

    private SearchCorpus() {}

    /** A sentence of the grammar, drawn with {@code random}. */
    static String sentence(Random random) {
        return SUBJECTS[random.nextInt(SUBJECTS.length)] + " " + VERBS[random.nextInt(VERBS.length)] + " "
                + OBJECTS[random.nextInt(OBJECTS.length)] + " " + PLACES[random.nextInt(PLACES.length)] + " "
                + WHEN[random.nextInt(WHEN.length)];
    }

    public static void main(String[] args) throws Exception {
        Path dataDir = Path.of(args[0]);
        int videos = Integer.parseInt(args[1]);
        int perVideo = Integer.parseInt(args[2]);
        Random random = new Random(args.length > 3 ? Long.parseLong(args[3]) : 7);
        try (KafkaCluster cluster = KafkaCluster.open(null, dataDir, "bench SearchCorpus");
                RecordSender sender = new RecordSender(cluster.producerConfig("bench-corpus", "zstd", 1024 * 1024))) {
            cluster.ensureTopics(Topics.all());
            for (int v = 0; v < videos; v++) {
                byte[] idBytes = new byte[8];
                random.nextBytes(idBytes);
                String id = HexFormat.of().formatHex(idBytes);
                long t = 500_000;
                sender.send(Topics.VIDEOS, id, Video.newBuilder().setVideoId(id).setUri("/library/talk-" + v + ".mp4")
                        .setKind(SourceKind.FILE).setFormat("mp4").setDurationUs(perVideo * 4_000_000L).setOpenedAtMs(0).build());
                for (int u = 0; u < perVideo; u++) {
                    String text = sentence(random);
                    List<TimedWord> words = new ArrayList<>();
                    long start = t;
                    for (String w : text.split(" ")) {
                        words.add(new TimedWord(w, t, t + 280_000, 0.9f));
                        t += 300_000;
                    }
                    sender.send(Topics.TRANSCRIPTS, id, Transcript.newBuilder().setVideoId(id).setStartUs(start).setEndUs(t)
                            .setText(text).setWords(words).setIsFinal(true).setEndOfStream(false).build());
                    t += 700_000;
                }
                sender.send(Topics.TRANSCRIPTS, id, Transcript.newBuilder().setVideoId(id).setStartUs(t).setEndUs(t).setText("")
                        .setWords(List.of()).setIsFinal(true).setEndOfStream(true).build());
            }
            sender.flush();
        }
        System.out.println("wrote " + videos + " videos of " + perVideo + " utterances: " + (long) videos * perVideo + " segments");
    }
}
