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

    /** {@code video} derived once under {@code codebook}: a segment with words and video, then one of text only. */
    private static void derive(LibrarySegments library, String video, String codebook) {
        library.add(video, segment(video, 0, codebook, "stir the onions", List.of(3, 4)));
        library.add(video, segment(video, 1, codebook, "and serve", List.of()));
    }

    private static List<String> chosen(LibrarySegments.Selection selection) {
        return selection.segments().stream().map(s -> s.getVideoId() + "/" + s.getSegment() + "@" + s.getCodebookVersion()).toList();
    }

    @Test
    void aVideoIngestedTwiceIsTrainedOnOnce() {
        LibrarySegments library = new LibrarySegments();
        derive(library, "cook", "v1");
        derive(library, "garden", "v1");
        derive(library, "cook", "v1");
        LibrarySegments.Selection selection = library.under("v1");
        assertEquals(List.of("cook/0@v1", "cook/1@v1", "garden/0@v1", "garden/1@v1"), chosen(selection));
        assertEquals(2, selection.copies());
        assertEquals(0, selection.otherCodebook());
        assertEquals(6, library.replayed());
    }

    @Test
    void aVideoDerivedUnderTwoCodebooksCountsOnceUnderTheOneAskedFor() {
        LibrarySegments library = new LibrarySegments();
        derive(library, "cook", "v1");
        derive(library, "cook", "v2");
        LibrarySegments.Selection selection = library.under("v2");
        assertEquals(List.of("cook/0@v2", "cook/1@v2"), chosen(selection), "v1's text-only segment is the same sentence");
        assertEquals(1, selection.otherCodebook());
        assertEquals(1, selection.copies());
    }

    @Test
    void aVideoNeverDerivedUnderTheCodebookGivesTheTextOfItsLatestDerivation() {
        LibrarySegments library = new LibrarySegments();
        derive(library, "old", "v1");
        derive(library, "old", "v2");
        derive(library, "new", "v3");
        LibrarySegments.Selection selection = library.under("v3");
        assertEquals(List.of("old/1@v2", "new/0@v3", "new/1@v3"), chosen(selection));
        assertEquals(2, selection.otherCodebook(), "the visual words of v1 and v2");
        assertEquals(1, selection.copies(), "v1's text, which v2 holds too");
    }
}
