package io.mmstream.streams.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mmstream.streams.records.TimedWord;
import io.mmstream.streams.records.Transcript;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A caption as the transcript of its one-frame video: one final utterance, its words spread over it. */
class ImageTextIngestTest {

    @Test
    void aCaptionIsOneFinalUtteranceOfSureWords() {
        Transcript t = ImageTextIngest.caption("0123456789abcdef", "a red circle at the top");
        assertEquals("a red circle at the top", t.getText());
        assertTrue(t.getIsFinal());
        assertFalse(t.getEndOfStream());
        assertEquals(0, t.getStartUs());
        assertEquals(ImageTextIngest.CAPTION_US, t.getEndUs());
        List<TimedWord> words = t.getWords();
        assertEquals(List.of("a", "red", "circle", "at", "the", "top"), words.stream().map(TimedWord::getText).toList());
        for (int i = 0; i < words.size(); i++) {
            assertEquals(1.0f, words.get(i).getConfidence());
            assertTrue(words.get(i).getStartUs() < words.get(i).getEndUs());
            if (i > 0) {
                assertEquals(words.get(i - 1).getEndUs(), words.get(i).getStartUs(), "words follow each other");
            }
        }
        assertEquals(ImageTextIngest.CAPTION_US, words.get(words.size() - 1).getEndUs());
    }
}
