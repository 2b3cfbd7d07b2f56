package io.mmstream.tokenizer.align;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Aligns one video's sentences with its visual words, as VideoBERT does: the visual words of the
 * clips whose middle falls inside a sentence's time span form one segment with it; stretches
 * without speech become visual-only segments of up to {@value #VISUAL_ONLY_LENGTH} words.
 *
 * <p>Each side arrives in its own time order (sentences one after another, clips in index order),
 * but either may run far ahead of the other. A segment is given out once nothing that arrives later
 * can change it, and segments are given out in time order, so the result does not depend on how
 * the two sides interleave. The end of each side is declared with {@link #endText} and
 * {@link #endVisual}. Replayed input (a sentence or clip already aligned) is ignored.
 */
public final class SegmentAligner {

    /** Visual words in one visual-only segment. */
    public static final int VISUAL_ONLY_LENGTH = 16;

    /** A final ASR sentence. */
    public record Sentence(long startUs, long endUs, String text) {}

    /** A clip's visual word. */
    public record VisualWord(long clipIndex, long startUs, long endUs, int word) {

        long middleUs() {
            return startUs + (endUs - startUs) / 2;
        }
    }

    /**
     * One aligned segment.
     *
     * @param startUs start of the sentence, or of the first clip of a visual-only segment
     * @param endUs end of the sentence, or of the last clip
     * @param text the sentence, empty for a visual-only segment
     * @param visual the visual words said with it, in clip order
     */
    public record Segment(long startUs, long endUs, String text, List<VisualWord> visual) {

        public boolean visualOnly() {
            return text.isEmpty();
        }
    }

    private final Deque<Sentence> sentences = new ArrayDeque<>();
    private final Deque<VisualWord> words = new ArrayDeque<>();
    /** Every sentence starting before this has arrived: the end of the latest one. */
    private long textKnownUntilUs = Long.MIN_VALUE;
    /** Every clip whose middle is before this has arrived: the end of the latest one. */
    private long visualKnownUntilUs = Long.MIN_VALUE;
    private long lastClipIndex = -1;
    private long lastSentenceStartUs = Long.MIN_VALUE;
    private boolean textEnded;
    private boolean visualEnded;

    /** Adds a sentence; returns the segments now complete. */
    public List<Segment> add(Sentence sentence) {
        if (sentence.startUs() > lastSentenceStartUs && !textEnded) {
            sentences.addLast(sentence);
            lastSentenceStartUs = sentence.startUs();
            textKnownUntilUs = Math.max(textKnownUntilUs, sentence.endUs());
        }
        return drain();
    }

    /** Adds a clip's visual word; returns the segments now complete. */
    public List<Segment> add(VisualWord word) {
        if (word.clipIndex() > lastClipIndex && !visualEnded) {
            words.addLast(word);
            lastClipIndex = word.clipIndex();
            visualKnownUntilUs = Math.max(visualKnownUntilUs, word.endUs());
        }
        return drain();
    }

    /** No sentence will follow; returns the segments now complete. */
    public List<Segment> endText() {
        textEnded = true;
        return drain();
    }

    /** No visual word will follow; returns the segments now complete. */
    public List<Segment> endVisual() {
        visualEnded = true;
        return drain();
    }

    /** Both sides have ended and every segment has been given out. */
    public boolean finished() {
        return textEnded && visualEnded && sentences.isEmpty() && words.isEmpty();
    }

    private List<Segment> drain() {
        List<Segment> out = new ArrayList<>();
        while (true) {
            Sentence next = sentences.peekFirst();
            VisualWord first = words.peekFirst();
            long sentenceStart = next == null ? Long.MAX_VALUE : next.startUs();
            if (first != null && first.middleUs() < sentenceStart) {
                Segment visualOnly = visualOnly(sentenceStart);
                if (visualOnly == null) {
                    break;
                }
                out.add(visualOnly);
            } else if (next != null) {
                // clips arrive in order: once one ends after the sentence, every clip inside it is here
                if (!visualEnded && visualKnownUntilUs < next.endUs()) {
                    break;
                }
                sentences.removeFirst();
                List<VisualWord> inside = new ArrayList<>();
                while (!words.isEmpty() && words.peekFirst().middleUs() < next.endUs()) {
                    inside.add(words.removeFirst());
                }
                out.add(new Segment(next.startUs(), next.endUs(), next.text(), inside));
            } else {
                break;
            }
        }
        return out;
    }

    /** The next visual-only segment before {@code sentenceStartUs}, or null when it may still change. */
    private Segment visualOnly(long sentenceStartUs) {
        List<VisualWord> run = new ArrayList<>();
        VisualWord after = null;
        for (VisualWord w : words) {
            if (run.size() == VISUAL_ONLY_LENGTH) {
                break;
            }
            boolean unspoken = w.middleUs() < sentenceStartUs && (textEnded || w.middleUs() < textKnownUntilUs);
            if (!unspoken) {
                after = w;
                break;
            }
            run.add(w);
        }
        if (run.isEmpty()) {
            return null;
        }
        boolean closed = run.size() == VISUAL_ONLY_LENGTH
                // the next clip is said with the next sentence
                || (after != null && after.middleUs() >= sentenceStartUs)
                // no clip can join the run: the clips have ended, or all those before the sentence are here
                || (after == null && (visualEnded || (sentenceStartUs != Long.MAX_VALUE && visualKnownUntilUs >= sentenceStartUs)))
                // no sentence can follow, and no clip either
                || (after == null && textEnded && visualEnded);
        if (!closed) {
            return null;
        }
        for (int i = 0; i < run.size(); i++) {
            words.removeFirst();
        }
        return new Segment(run.get(0).startUs(), run.get(run.size() - 1).endUs(), "", run);
    }

    /** The aligner's state, for a state store: restored by {@link #fromBytes}. */
    public byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(1);
            out.writeLong(textKnownUntilUs);
            out.writeLong(visualKnownUntilUs);
            out.writeLong(lastClipIndex);
            out.writeLong(lastSentenceStartUs);
            out.writeBoolean(textEnded);
            out.writeBoolean(visualEnded);
            out.writeInt(sentences.size());
            for (Sentence s : sentences) {
                out.writeLong(s.startUs());
                out.writeLong(s.endUs());
                out.writeUTF(s.text());
            }
            out.writeInt(words.size());
            for (VisualWord w : words) {
                out.writeLong(w.clipIndex());
                out.writeLong(w.startUs());
                out.writeLong(w.endUs());
                out.writeInt(w.word());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** An aligner in the state {@link #toBytes} saved. */
    public static SegmentAligner fromBytes(byte[] state) {
        SegmentAligner a = new SegmentAligner();
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(state))) {
            int version = in.readByte();
            if (version != 1) {
                throw new IllegalArgumentException("aligner state version " + version + " is not 1");
            }
            a.textKnownUntilUs = in.readLong();
            a.visualKnownUntilUs = in.readLong();
            a.lastClipIndex = in.readLong();
            a.lastSentenceStartUs = in.readLong();
            a.textEnded = in.readBoolean();
            a.visualEnded = in.readBoolean();
            for (int i = in.readInt(); i > 0; i--) {
                a.sentences.addLast(new Sentence(in.readLong(), in.readLong(), in.readUTF()));
            }
            for (int i = in.readInt(); i > 0; i--) {
                a.words.addLast(new VisualWord(in.readLong(), in.readLong(), in.readLong(), in.readInt()));
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("corrupt aligner state: " + e.getMessage(), e);
        }
        return a;
    }
}
