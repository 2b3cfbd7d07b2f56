package io.mmstream.streams.cli;

import io.mmstream.streams.kafka.TopicReplay;
import io.mmstream.streams.records.VisualToken;
import io.mmstream.streams.topics.Topics;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds the most frequent visual words of a codebook version in {@code mm.visual-tokens} and, in
 * {@code mm.frames}, the middle frame of some of their clips; then draws them ({@link VisualWordSheet}).
 */
final class WordPicture {

    private final MmstreamRuntime runtime;
    private final String version;
    private final int words;
    private final int perWord;

    WordPicture(MmstreamRuntime runtime, String version, int words, int perWord) {
        this.runtime = runtime;
        this.version = version;
        this.words = words;
        this.perWord = perWord;
    }

    /** A clip of a word, and the frame nearest its middle found so far. */
    private static final class Member {
        final VisualToken token;
        long bestDistance = Long.MAX_VALUE;
        VisualWordSheet.Thumbnail frame;

        Member(VisualToken token) {
            this.token = token;
        }
    }

    int draw(Path png, PrintWriter out, PrintWriter err) throws Exception {
        Map<Integer, Long> counts = new HashMap<>();
        Map<Integer, List<Member>> members = new HashMap<>();
        TopicReplay.replay(runtime.cluster(), Topics.VISUAL_TOKENS, (video, token) -> {
            if (version.equals(token.getCodebookVersion()) && !token.getLast()) {
                counts.merge(token.getToken(), 1L, Long::sum);
                List<Member> list = members.computeIfAbsent(token.getToken(), t -> new ArrayList<>());
                if (list.size() < perWord) {
                    list.add(new Member(token));
                }
            }
        });
        if (counts.isEmpty()) {
            err.println("mm.visual-tokens: no clip was tokenized with codebook " + version + " yet (run ingest or tokenize)");
            return 1;
        }
        List<Integer> top = counts.entrySet().stream()
                .sorted(Map.Entry.<Integer, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(words).map(Map.Entry::getKey).toList();
        Map<String, List<Member>> byVideo = new HashMap<>();
        for (int token : top) {
            for (Member m : members.get(token)) {
                byVideo.computeIfAbsent(m.token.getVideoId(), v -> new ArrayList<>()).add(m);
            }
        }
        TopicReplay.replay(runtime.cluster(), Topics.FRAMES, (video, frame) -> {
            List<Member> wanted = byVideo.get(video);
            if (wanted == null || frame.getLast()) {
                return;
            }
            for (Member m : wanted) {
                long middle = (m.token.getStartUs() + m.token.getEndUs()) / 2;
                long distance = Math.abs(frame.getPtsUs() - middle);
                if (frame.getPtsUs() >= m.token.getStartUs() && frame.getPtsUs() < m.token.getEndUs() && distance < m.bestDistance) {
                    byte[] rgb = new byte[frame.getPixels().remaining()];
                    frame.getPixels().duplicate().get(rgb);
                    m.bestDistance = distance;
                    m.frame = new VisualWordSheet.Thumbnail(frame.getWidth(), frame.getHeight(), rgb);
                }
            }
        });
        List<VisualWordSheet.Row> rows = new ArrayList<>();
        for (int token : top) {
            List<VisualWordSheet.Thumbnail> thumbs = members.get(token).stream()
                    .sorted(Comparator.comparing((Member m) -> m.token.getVideoId()).thenComparingLong(m -> m.token.getClipIndex()))
                    .filter(m -> m.frame != null).map(m -> m.frame).toList();
            rows.add(new VisualWordSheet.Row(token, counts.get(token), thumbs));
        }
        Path dir = png.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        VisualWordSheet.write("codebook " + version + ": the " + rows.size() + " most frequent visual words", rows, perWord, png);
        out.println("drew " + rows.size() + " visual words into " + png);
        return 0;
    }
}
