package io.mmstream.streams.imagetext;

import io.mmstream.frames.RgbFrame;
import io.mmstream.streams.kafka.KafkaCluster;
import io.mmstream.streams.kafka.TopicReplay;
import io.mmstream.streams.records.Frame;
import io.mmstream.streams.records.SourceKind;
import io.mmstream.streams.topics.Topics;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Replays the image-caption pairs ingested so far from {@code mm.videos}, {@code mm.frames} and
 * {@code mm.transcripts}, without a consumer group (as {@link TopicReplay} does): every
 * {@code IMAGE_SET} video with its picture and caption. When an id was ingested more than once, its
 * latest records win. Pairs missing their picture or caption are counted and reported, not given.
 *
 * <p>Only ids, locations and captions are held while the frames stream by; a pair is handed on as
 * soon as its picture arrives, except for an id ingested more than once, whose latest picture is
 * known only at the end of the replay.
 */
public final class ImageTextReplay {

    private ImageTextReplay() {}

    /**
     * What a replay found besides the pairs it handed on.
     *
     * @param pairs pairs handed on
     * @param missingPicture pairs left out because their picture is not on {@code mm.frames} (or is unreadable)
     * @param missingCaption pairs left out because their caption is not on {@code mm.transcripts}
     * @param problems one line per pair left out: {@code <uri>: <reason>}
     */
    public record Result(int pairs, int missingPicture, int missingCaption, List<String> problems) {}

    /** Every pair, sorted by id (a stable order for splits), and what was left out. */
    public record Loaded(List<ImageTextPair> pairs, Result result) {}

    /** Replays every image-caption pair into a list sorted by video id. */
    public static Loaded all(KafkaCluster cluster) {
        List<ImageTextPair> pairs = new ArrayList<>();
        Result result = replay(cluster, pairs::add);
        pairs.sort(Comparator.comparing(ImageTextPair::videoId));
        return new Loaded(List.copyOf(pairs), result);
    }

    /** Hands every image-caption pair to {@code each}, in no particular order; returns the counts. */
    public static Result replay(KafkaCluster cluster, Consumer<ImageTextPair> each) {
        Map<String, String> uris = new HashMap<>();
        Map<String, Integer> ingestions = new HashMap<>();
        TopicReplay.replay(cluster, Topics.VIDEOS, (id, video) -> {
            if (video != null && video.getKind() == SourceKind.IMAGE_SET) {
                uris.put(id, video.getUri());
                ingestions.merge(id, 1, Integer::sum);
            }
        });
        if (uris.isEmpty()) {
            // a library of video only: its frames and transcripts need not be read through
            return new Result(0, 0, 0, List.of());
        }
        Map<String, String> captions = new HashMap<>();
        TopicReplay.replay(cluster, Topics.TRANSCRIPTS, uris::containsKey, (id, t) -> {
            if (t != null && t.getIsFinal() && !t.getEndOfStream()) {
                captions.put(id, t.getText());
            }
        });
        Map<String, RgbFrame> later = new HashMap<>();
        Set<String> given = new HashSet<>();
        Set<String> unreadable = new HashSet<>();
        TopicReplay.replay(cluster, Topics.FRAMES, uris::containsKey, (id, frame) -> {
            if (frame == null || frame.getLast()) {
                return;
            }
            RgbFrame picture = picture(frame);
            if (picture == null) {
                unreadable.add(id);
                return;
            }
            unreadable.remove(id);
            if (ingestions.get(id) > 1) {
                later.put(id, picture);
            } else if (captions.containsKey(id) && given.add(id)) {
                each.accept(new ImageTextPair(id, uris.get(id), picture, captions.get(id)));
            }
        });
        later.forEach((id, picture) -> {
            if (captions.containsKey(id) && given.add(id)) {
                each.accept(new ImageTextPair(id, uris.get(id), picture, captions.get(id)));
            }
        });
        later.clear();
        int missingPicture = 0;
        int missingCaption = 0;
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, String> e : new java.util.TreeMap<>(uris).entrySet()) {
            if (given.contains(e.getKey())) {
                continue;
            }
            if (!captions.containsKey(e.getKey())) {
                missingCaption++;
                problems.add(e.getValue() + ": no caption on " + Topics.TRANSCRIPTS.name() + " (video " + e.getKey() + ")");
            } else {
                missingPicture++;
                problems.add(e.getValue() + ": " + (unreadable.contains(e.getKey()) ? "its picture on " + Topics.FRAMES.name()
                        + " does not match its size" : "no picture on " + Topics.FRAMES.name()) + " (video " + e.getKey() + ")");
            }
        }
        return new Result(given.size(), missingPicture, missingCaption, List.copyOf(problems));
    }

    /** The frame's picture, or null when its pixels do not match its size. */
    private static RgbFrame picture(Frame frame) {
        ByteBuffer pixels = frame.getPixels();
        byte[] rgb = new byte[pixels.remaining()];
        pixels.duplicate().get(rgb);
        try {
            return new RgbFrame(frame.getPtsUs(), frame.getWidth(), frame.getHeight(), rgb);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
