package io.mmstream.streams.sequences;

import io.mmstream.streams.records.Sequence;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The VideoBERT segments of the library, each once, as a replay of {@code mm.sequences} finds them.
 *
 * <p>The topic holds every derivation of a video: one per ingestion (a file ingested twice has its
 * segments twice) and one per codebook it was aligned with (a new codebook re-derives the library by
 * replay). Training on all of them would see a sentence as many times as the video was derived. So a
 * video counts once: its segments under the codebook asked for (the latest copy of each segment
 * number), or, for a video never derived under that codebook, the segments without visual words of
 * its latest codebook (its text, which no codebook changes).
 */
public final class LibrarySegments {

    /** Segments by video, then codebook, then number; the last copy of a number wins. */
    private final Map<String, Map<String, TreeMap<Long, Sequence>>> byVideo = new LinkedHashMap<>();
    /** The codebook each video's latest segment was derived under. */
    private final Map<String, String> latestCodebook = new HashMap<>();
    private long replayed;
    /** Records that replaced an earlier copy of the same segment (a video ingested again). */
    private long replaced;

    /** Takes one record of the replay. */
    public void add(String video, Sequence segment) {
        if (video == null || segment == null) {
            return;
        }
        replayed++;
        Sequence earlier = byVideo.computeIfAbsent(video, v -> new LinkedHashMap<>())
                .computeIfAbsent(segment.getCodebookVersion(), c -> new TreeMap<>())
                .put(segment.getSegment(), segment);
        replaced += earlier == null ? 0 : 1;
        latestCodebook.put(video, segment.getCodebookVersion());
    }

    /** How many records were taken, copies included. */
    public long replayed() {
        return replayed;
    }

    /** What pretraining under {@code codebook} trains on, and what it leaves out. */
    public Selection under(String codebook) {
        List<Sequence> chosen = new ArrayList<>();
        long otherCodebook = 0;
        long copies = 0;
        for (Map.Entry<String, Map<String, TreeMap<Long, Sequence>>> video : byVideo.entrySet()) {
            Map<String, TreeMap<Long, Sequence>> derivations = video.getValue();
            TreeMap<Long, Sequence> mine = derivations.get(codebook);
            for (Map.Entry<String, TreeMap<Long, Sequence>> d : derivations.entrySet()) {
                for (Sequence s : d.getValue().values()) {
                    if (d.getValue() == mine) {
                        chosen.add(s);
                    } else if (!s.getVisualTokens().isEmpty()) {
                        otherCodebook++;
                    } else if (mine == null && d.getKey().equals(latestCodebook.get(video.getKey()))) {
                        chosen.add(s);
                    } else {
                        copies++; // text another derivation of the video holds too
                    }
                }
            }
        }
        return new Selection(chosen, otherCodebook, replaced + copies);
    }

    /**
     * The segments to train on, in video and segment order; how many segments with visual words of
     * another codebook were left out; and how many records were copies of a segment already taken
     * (a second ingestion, an earlier codebook's text).
     */
    public record Selection(List<Sequence> segments, long otherCodebook, long copies) {}
}
