package io.mmstream.ingest.imagetext;

import java.util.List;
import java.util.Locale;

/**
 * TSV manifest lines: path or URL, a tab, the caption. A header line naming the columns
 * ({@code path\tcaption}, {@code url\ttext}, ...) is skipped, and also says their order, so a
 * caption-first file (Conceptual Captions: {@code caption\turl}) reads right; without a header a
 * line whose second column looks like the image is read the other way round.
 */
final class TsvLines implements Manifest.Format {

    private static final List<String> CAPTION_NAMES = List.of("caption", "text", "title", "description");
    private boolean captionFirst;

    @Override
    public Manifest.Line parse(String line, long number) throws ItemProblem {
        String[] columns = line.split("\t", -1);
        if (columns.length < 2) {
            throw new ItemProblem("not a TSV line: expected path or URL<TAB>caption");
        }
        String first = columns[0].strip();
        String second = columns[1].strip();
        if (number == 1 && header(first, second)) {
            return null;
        }
        boolean swap = captionFirst || (!looksLikeImage(first) && looksLikeImage(second));
        return swap ? new Manifest.Line(second, columns[0]) : new Manifest.Line(first, columns[1]);
    }

    /** Whether {@code a}, {@code b} name the columns; remembers their order. */
    private boolean header(String a, String b) {
        String x = a.toLowerCase(Locale.ROOT);
        String y = b.toLowerCase(Locale.ROOT);
        if (JsonlLines.IMAGE_FIELDS.contains(x) && CAPTION_NAMES.contains(y)) {
            return true;
        }
        if (CAPTION_NAMES.contains(x) && JsonlLines.IMAGE_FIELDS.contains(y)) {
            captionFirst = true;
            return true;
        }
        return false;
    }

    private static boolean looksLikeImage(String column) {
        return ImageSources.isUrl(column) || (!column.contains(" ") && Captions.isImageName(column));
    }
}
