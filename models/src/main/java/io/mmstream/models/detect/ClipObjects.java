package io.mmstream.models.detect;

import io.mmstream.frames.RgbFrame;
import java.util.List;

/**
 * The COCO objects of one clip, for the stream and the search index: the detector runs on the clip's
 * middle frame only. At about 0.2 s per frame on one core, one frame per 1.5 s clip keeps ingest well
 * ahead of real time; all 30 frames would cost four times the clip's own duration.
 */
public final class ClipObjects implements ClipObjectDetector {

    /** The name recorded with the objects. */
    public static final String DETECTOR = "centernet-mobilenetv3-coco";
    /**
     * Objects scored under this are not put on clips. On Debian's photographs and its cockatoo video at
     * 256 pixels, the objects a person would name scored 0.44 to 0.76, while most wrong ones scored 0.20
     * to 0.35 (some up to 0.48); what is on a clip becomes searchable, so this is stricter than
     * {@code detect}'s 0.3.
     */
    public static final float MIN_SCORE = 0.4f;
    /** Frames smaller than this (longer side) are too coarse for the detector: 128 pixels lost horses and cups. */
    public static final int MIN_FRAME_SIDE = 256;

    private final CenterNetDetector detector;
    private final float minScore;

    /** Objects of at least {@code minScore} from the bundled detector. */
    public ClipObjects(float minScore) {
        this.detector = CenterNetDetector.bundled();
        this.minScore = minScore;
    }

    /** The objects seen in the clip's middle frame, best first. */
    @Override
    public List<Detection> detect(List<RgbFrame> frames) {
        if (frames.isEmpty()) {
            return List.of();
        }
        return detector.analyse(frames.get(frames.size() / 2), minScore).detections();
    }

    @Override
    public void close() {
        detector.close();
    }
}
