package io.mmstream.streams.ingest;

import io.mmstream.ingest.ContentIds;
import io.mmstream.ingest.imagetext.DecodedImage;
import io.mmstream.ingest.imagetext.ImageDecoder;
import io.mmstream.ingest.imagetext.ImageTextItem;
import io.mmstream.ingest.imagetext.ImageTextOptions;
import io.mmstream.ingest.imagetext.ImageTextSet;
import io.mmstream.ingest.imagetext.ImageTextSets;
import io.mmstream.ingest.imagetext.ItemProblem;
import io.mmstream.streams.dlq.DeadLetters;
import io.mmstream.streams.kafka.RecordSender;
import io.mmstream.streams.records.Frame;
import io.mmstream.streams.records.PixelEncoding;
import io.mmstream.streams.records.SourceKind;
import io.mmstream.streams.records.TimedWord;
import io.mmstream.streams.records.Transcript;
import io.mmstream.streams.records.Video;
import io.mmstream.streams.topics.Topics;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Puts an image-caption set on the media topics, each good item as a one-frame video of kind
 * {@code IMAGE_SET}: its {@code mm.videos} record, its picture as frame 0 on {@code mm.frames} and the
 * frames' last record, and its caption as one final transcript on {@code mm.transcripts} followed by
 * the end-of-stream record, so clip grouping, sequences and the index finish it as they finish a
 * video. No audio is sent: captioning (which reads {@code mm.audio}) never sees an image, so no
 * second transcript ends it.
 *
 * <p>A pair's id is its content's ({@link ContentIds#ofImageText}): the same image and caption
 * ingested again is the same video. A bad item is reported as {@code <location>: <reason>} to the
 * caller and on {@code mm.dlq}, and the set goes on.
 */
public final class ImageTextIngest {

    /** The nominal time span of a caption, so a segment joins it with its one clip (which starts at 0). */
    public static final long CAPTION_US = 1_000_000;

    private final RecordSender sender;
    private final ImageTextOptions options;
    private final ImageDecoder decoder;
    private final BooleanSupplier stopRequested;
    /** The pairs written by this job: the same pair twice in one run is written once. */
    private final Set<String> written = new HashSet<>();

    public ImageTextIngest(RecordSender sender, ImageTextOptions options, BooleanSupplier stopRequested) {
        this.sender = sender;
        this.options = options;
        this.decoder = new ImageDecoder(options);
        this.stopRequested = stopRequested;
    }

    /**
     * How one set went.
     *
     * @param input the set as given
     * @param ingested pairs on the topics (a pair met again in the run is written once, and counted where met)
     * @param skipped items reported and skipped
     * @param failure why the set could not be read (at all, or to its end), or null
     * @param videoIds the ids of the pairs written, in order
     */
    public record Summary(String input, int ingested, int skipped, String failure, List<String> videoIds) {

        /** Whether anything in the set failed (the command's exit status is then 1). */
        public boolean failed() {
            return skipped > 0 || failure != null;
        }
    }

    /**
     * Ingests the set {@code input}; each bad item's {@code <location>: <reason>} line goes to
     * {@code problems} as it is found, and {@code progress} learns of every item read.
     */
    public Summary run(String input, Consumer<String> problems, Runnable progress) {
        List<String> ids = new ArrayList<>();
        int skipped = 0;
        String failure = null;
        try (ImageTextSet set = ImageTextSets.open(input, options)) {
            for (ImageTextItem item = set.next(); item != null && !stopRequested.getAsBoolean(); item = set.next()) {
                progress.run();
                String problem = item.isProblem() ? item.problem() : write(item, ids);
                if (problem != null) {
                    skipped++;
                    problems.accept(item.location() + ": " + problem);
                    sender.send(Topics.DLQ, item.location(), DeadLetters.input(item.location(), "ingest", problem, null));
                }
            }
        } catch (IOException | RuntimeException e) {
            failure = reason(e);
            sender.send(Topics.DLQ, input, DeadLetters.input(input, "ingest", failure, null));
        }
        sender.flush();
        return new Summary(input, ids.size(), skipped, failure, List.copyOf(ids));
    }

    /** Decodes and writes a good item; returns why it cannot be, or null. */
    private String write(ImageTextItem item, List<String> ids) {
        DecodedImage image;
        try {
            image = decoder.decode(item.image());
        } catch (ItemProblem p) {
            return p.reason();
        } catch (RuntimeException e) {
            return "cannot decode the image: " + e;
        }
        String id = ContentIds.ofImageText(item.image(), item.caption());
        ids.add(id);
        if (!written.add(id)) {
            return null; // on the topics already, from another set of this run
        }
        sender.send(Topics.VIDEOS, id, Video.newBuilder()
                .setVideoId(id)
                .setUri(item.location())
                .setKind(SourceKind.IMAGE_SET)
                .setFormat(image.format())
                .setDurationUs(0)
                .setWidth(image.sourceWidth())
                .setHeight(image.sourceHeight())
                .setOpenedAtMs(System.currentTimeMillis())
                .build());
        sender.send(Topics.FRAMES, id, frame(id, 0, image.width(), image.height(), image.rgb(), false));
        // the frames end as a video's do (KafkaMediaSink#end): index = frames sent, no pixels
        sender.send(Topics.FRAMES, id, frame(id, 1, 0, 0, new byte[0], true));
        sender.send(Topics.TRANSCRIPTS, id, caption(id, item.caption()));
        sender.send(Topics.TRANSCRIPTS, id, Transcript.newBuilder()
                .setVideoId(id).setStartUs(CAPTION_US).setEndUs(CAPTION_US).setText("").setWords(List.of())
                .setIsFinal(true).setEndOfStream(true).build());
        return null;
    }

    private static Frame frame(String id, long index, int width, int height, byte[] rgb, boolean last) {
        return Frame.newBuilder()
                .setVideoId(id)
                .setIndex(index)
                .setPtsUs(0)
                .setWidth(width)
                .setHeight(height)
                .setEncoding(PixelEncoding.RGB24)
                .setPixels(ByteBuffer.wrap(rgb))
                .setLast(last)
                .build();
    }

    /** The caption as a final transcript over {@link #CAPTION_US}, its words spread evenly, each sure. */
    static Transcript caption(String id, String caption) {
        String[] words = caption.split("\\s+");
        List<TimedWord> timed = new ArrayList<>(words.length);
        for (int i = 0; i < words.length; i++) {
            timed.add(new TimedWord(words[i], CAPTION_US * i / words.length, CAPTION_US * (i + 1) / words.length, 1.0f));
        }
        return Transcript.newBuilder()
                .setVideoId(id)
                .setStartUs(0)
                .setEndUs(CAPTION_US)
                .setText(caption)
                .setWords(timed)
                .setIsFinal(true)
                .setEndOfStream(false)
                .build();
    }

    private static String reason(Exception e) {
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return e instanceof IOException ? message : "internal error: " + e;
    }
}
