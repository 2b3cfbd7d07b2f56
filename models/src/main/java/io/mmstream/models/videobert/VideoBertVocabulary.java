package io.mmstream.models.videobert;

/**
 * The one token space VideoBERT reads: BERT's WordPiece ids first (with its [PAD] 0, [CLS] 101,
 * [SEP] 102, [MASK] 103), then the [>] token that separates text from video, then the visual words
 * of the codebook.
 *
 * @param textSize WordPiece vocabulary size (30,522 for BERT uncased)
 * @param visualSize visual words (20,736 for 4 levels x 12 branches)
 */
public record VideoBertVocabulary(int textSize, int visualSize) {

    public static final int PAD = 0;
    public static final int CLS = 101;
    public static final int SEP = 102;
    public static final int MASK = 103;
    /** WordPiece ids below this are [unusedN] and special tokens; real word pieces start here. */
    public static final int FIRST_WORD_PIECE = 999;

    /** BERT uncased WordPiece and VideoBERT's 4 x 12 codebook. */
    public static VideoBertVocabulary bertAndCodebook(int visualWords) {
        return new VideoBertVocabulary(30_522, visualWords);
    }

    public VideoBertVocabulary {
        if (textSize <= FIRST_WORD_PIECE || visualSize < 1) {
            throw new IllegalArgumentException("a vocabulary needs more than " + FIRST_WORD_PIECE
                    + " text tokens and at least one visual word, got " + textSize + " and " + visualSize);
        }
    }

    /** The [>] token between the text and the visual words of a segment. */
    public int textVideoSeparator() {
        return textSize;
    }

    /** The id of visual word {@code word} (0-based leaf of the codebook). */
    public int visual(int word) {
        if (word < 0 || word >= visualSize) {
            throw new IllegalArgumentException("visual word " + word + " outside 0.." + (visualSize - 1));
        }
        return textSize + 1 + word;
    }

    public boolean isVisual(int id) {
        return id > textSize && id < size();
    }

    /** Whether {@code id} is a word piece a masked model may predict (not padding, [CLS], [SEP], [MASK] or [>]). */
    public boolean isWordPiece(int id) {
        return id >= FIRST_WORD_PIECE && id < textSize;
    }

    /** All ids. */
    public int size() {
        return textSize + 1 + visualSize;
    }
}
