package io.mmstream.streams.clips;

import io.mmstream.frames.ClipAssembler;
import io.mmstream.frames.ClipFeatureExtractor;
import io.mmstream.frames.ClipWindows;
import io.mmstream.frames.RgbFrame;
import io.mmstream.models.detect.ClipObjectDetector;
import io.mmstream.models.detect.Detection;
import io.mmstream.streams.dlq.DeadLetters;
import io.mmstream.streams.records.Clip;
import io.mmstream.streams.records.ClipObject;
import io.mmstream.streams.records.FloatVectors;
import io.mmstream.streams.records.Frame;
import io.mmstream.streams.topics.Topics;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Groups {@code mm.frames} into clips per video in event time and computes each clip's features (and,
 * when asked, the COCO objects seen in it).
 *
 * <p>The frames of open clips and each video's progress live in a changelogged store
 * ({@link HeldFrames}); with exactly-once processing, a restart resumes from the store, so no clip is
 * lost or repeated. Late frames and frames whose pixels do not match their size go to
 * {@code mm.dlq}; a video's last frame record flushes its last, partial clip.
 */
final class ClipProcessor implements Processor<String, Frame, String, SpecificRecord> {

    private final ClipWindows windows;
    private final long graceUs;
    private final ClipFeatureExtractor extractor;
    /** Null unless the run detects objects (--objects). */
    private final ClipObjectDetector objects;
    private final Map<String, ClipAssembler> assemblers = new HashMap<>();
    private ProcessorContext<String, SpecificRecord> context;
    private HeldFrames held;

    ClipProcessor(ClipWindows windows, long graceUs, ClipFeatureExtractor extractor, ClipObjectDetector objects) {
        this.windows = windows;
        this.graceUs = graceUs;
        this.extractor = extractor;
        this.objects = objects;
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        this.held = new HeldFrames(context.getStateStore(HeldFrames.STORE));
    }

    @Override
    public void process(Record<String, Frame> record) {
        String video = record.key();
        Frame frame = record.value();
        if (video == null || frame == null) {
            return;
        }
        ClipAssembler assembler = assemblers.computeIfAbsent(video, this::resume);
        if (frame.getLast()) {
            for (ClipAssembler.Clip clip : assembler.flush()) {
                emit(record, video, clip);
            }
            // the video's clips end here: the steps after (tokens, sequences) can finish it
            context.forward(record.withValue(Clip.newBuilder()
                    .setVideoId(video)
                    .setIndex(assembler.nextClip())
                    .setStartUs(Math.max(0, assembler.maxPtsUs()))
                    .setEndUs(Math.max(0, assembler.maxPtsUs()))
                    .setFrameCount(0)
                    .setExtractor(extractor.name())
                    .setDimension(0)
                    .setFeatures(ByteBuffer.allocate(0))
                    .setLast(true)
                    .build()));
            held.forget(video);
            assemblers.remove(video);
            return;
        }
        RgbFrame rgb;
        try {
            rgb = new RgbFrame(frame.getPtsUs(), frame.getWidth(), frame.getHeight(), bytes(frame.getPixels()));
        } catch (IllegalArgumentException e) {
            deadLetter(record, video, "bad frame " + frame.getIndex() + ": " + e.getMessage());
            return;
        }
        ClipAssembler.Added added = assembler.add(rgb);
        if (added.late()) {
            deadLetter(record, video, "late frame " + frame.getIndex() + " at " + frame.getPtsUs()
                    + " us: its clips were complete (grace " + graceUs + " us)");
            return;
        }
        held.put(video, rgb);
        for (ClipAssembler.Clip clip : added.complete()) {
            emit(record, video, clip);
        }
        held.dropBefore(video, assembler.keepFromUs());
        held.saveProgress(video, assembler.maxPtsUs(), assembler.nextClip());
    }

    /** The assembler of a video, rebuilt from the store after a restart or a rebalance. */
    private ClipAssembler resume(String video) {
        HeldFrames.Progress progress = held.progress(video);
        if (progress == null) {
            return new ClipAssembler(windows, graceUs);
        }
        return ClipAssembler.restore(windows, graceUs, progress.maxPtsUs(), progress.nextClip(), held.frames(video));
    }

    private void emit(Record<String, Frame> record, String video, ClipAssembler.Clip clip) {
        float[] features = extractor.extract(clip.frames());
        for (float v : features) {
            if (!Float.isFinite(v)) {
                deadLetter(record, video, "clip " + clip.index() + ": " + extractor.name() + " gave a NaN or infinite feature");
                return;
            }
        }
        context.forward(record.withValue(Clip.newBuilder()
                .setVideoId(video)
                .setIndex(clip.index())
                .setStartUs(clip.startUs())
                .setEndUs(Math.min(clip.endUs(), clip.frames().get(clip.frames().size() - 1).ptsUs() + frameUs()))
                .setFrameCount(clip.frames().size())
                .setExtractor(extractor.name())
                .setDimension(features.length)
                .setFeatures(FloatVectors.pack(features))
                .setObjects(objects(record, video, clip))
                .build()));
    }

    /** The clip's objects; a detector failure is dead-lettered and the clip goes on without them. */
    private List<ClipObject> objects(Record<String, Frame> record, String video, ClipAssembler.Clip clip) {
        if (objects == null) {
            return List.of();
        }
        try {
            return clipObjects(objects.detect(clip.frames()));
        } catch (RuntimeException e) {
            deadLetter(record, video, "clip " + clip.index() + ": object detection failed, the clip goes on without"
                    + " objects: " + e.getMessage());
            return List.of();
        }
    }

    private static List<ClipObject> clipObjects(List<Detection> detections) {
        List<ClipObject> out = new java.util.ArrayList<>(detections.size());
        for (Detection d : detections) {
            out.add(ClipObject.newBuilder().setLabel(d.label()).setClassId(d.classId()).setScore(d.score())
                    .setBox(List.of(d.x1(), d.y1(), d.x2(), d.y2())).build());
        }
        return out;
    }

    private long frameUs() {
        return Math.round(1_000_000 / windows.frameRate());
    }

    private void deadLetter(Record<String, Frame> record, String video, String reason) {
        byte[] original = Topics.FRAMES.valueSerde().serializer().serialize(Topics.FRAMES.name(), record.value());
        context.forward(record.withValue(DeadLetters.record(Topics.FRAMES.name(), "clips", reason, video, original)));
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }

    @Override
    public void close() {
        assemblers.clear();
        if (objects != null) {
            objects.close();
        }
        if (extractor instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                throw new IllegalStateException("cannot close " + extractor.name(), e);
            }
        }
    }
}
