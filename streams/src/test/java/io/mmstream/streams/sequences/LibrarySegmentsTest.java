package io.mmstream.streams.sequences;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.mmstream.streams.records.Sequence;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which segments of the library pretraining sees, whatever number of times each video was derived. */
class LibrarySegmentsTest {

    private static Sequence segment(String video, long number, String codebook, String text, List<Integer> visual) {
        return Sequence.newBuilder().setVideoId(video).setSegment(number).setStartUs(number * 1_000_000).setEndUs(number * 1_000_000 + 900_000)
                .setText(text).setTextTokens(List.of(text.length())).setVisualTokens(visual).setCodebookVersion(codebook)
                .setClipIndices(visual.stream().map(v -> (long) v).toList()).build();
    }

    /**
     * A library whose topic holds, in this order, one derivation per {@code video@codebook} given: a
     * segment with words and video, then one of text only.
     */
    private static LibrarySegments library(String... derivations) {
        LibrarySegments library = new LibrarySegments();
        for (String d : derivations) {
            String video = d.substring(0, d.indexOf('@'));
            String codebook = d.substring(d.indexOf('@') + 1);
            library.add(video, segment(video, 0, codebook, "stir the onions", List.of(3, 4)));
            library.add(video, segment(video, 1, codebook, "and serve", List.of()));
        }
        return library;
    }

    /** Checks what {@code library} gives pretraining under {@code codebook}: the segments ({@code video/number@codebook}) and the counts left out. */
    private static void assertSelection(LibrarySegments library, String codebook, List<String> chosen, long otherCodebook, long copies) {
        LibrarySegments.Selection selection = library.under(codebook);
        assertEquals(chosen, selection.segments().stream().map(s -> s.getVideoId() + "/" + s.getSegment() + "@" + s.getCodebookVersion())
                .toList());
        assertEquals(otherCodebook, selection.otherCodebook(), "segments with visual words of other codebooks");
        assertEquals(copies, selection.copies(), "copies");
    }

    @Test
    void aVideoIngestedTwiceIsTrainedOnOnce() {
        LibrarySegments library = library("cook@v1", "garden@v1", "cook@v1");
        assertSelection(library, "v1", List.of("cook/0@v1", "cook/1@v1", "garden/0@v1", "garden/1@v1"), 0, 2);
        assertEquals(6, library.replayed());
    }

    @Test
    void aVideoDerivedUnderTwoCodebooksCountsOnceUnderTheOneAskedFor() {
        // v1's text-only segment is the same sentence as v2's
        assertSelection(library("cook@v1", "cook@v2"), "v2", List.of("cook/0@v2", "cook/1@v2"), 1, 1);
    }

    @Test
    void aVideoNeverDerivedUnderTheCodebookGivesTheTextOfItsLatestDerivation() {
        // left out: the visual words of v1 and v2, and v1's text, which v2 holds too
        assertSelection(library("old@v1", "old@v2", "new@v3"), "v3", List.of("old/1@v2", "new/0@v3", "new/1@v3"), 2, 1);
    }
}
