package io.mmstream.frames;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Groups one video's frames into clips in event time (the frames' own timestamps), whatever order
 * they arrive in.
 *
 * <p>A clip is complete once the watermark, the latest timestamp seen minus {@code grace}, passes
 * its end; complete clips come out in index order. A frame that arrives after every clip it belongs
 * to has come out is late and is refused (the caller reports it). A frame with a timestamp already
 * held replaces it, so replaying a stretch of frames does not change the clips. {@link #flush} ends
 * the video and returns the clips still open, the last partial clip among them. Windows without
 * frames (a gap in the video) give no clip. Not thread-safe: one assembler per video.
 */
public final class ClipAssembler {

    private final ClipWindows windows;
    private final long graceUs;
    private final TreeMap<Long, TreeMap<Long, RgbFrame>> open = new TreeMap<>();
    private long maxPtsUs = Long.MIN_VALUE;
    private long nextClip;

    public ClipAssembler(ClipWindows windows, long graceUs) {
        if (graceUs < 0) {
            throw new IllegalArgumentException("grace must be >= 0");
        }
        this.windows = windows;
        this.graceUs = graceUs;
    }

    /**
     * An assembler resumed from saved state: the latest timestamp seen, the next clip to come out,
     * and the frames held for the clips still open (as returned by {@link #heldFrames()}).
     */
    public static ClipAssembler restore(ClipWindows windows, long graceUs, long maxPtsUs, long nextClip,
            List<RgbFrame> held) {
        ClipAssembler assembler = new ClipAssembler(windows, graceUs);
        assembler.maxPtsUs = maxPtsUs;
        assembler.nextClip = nextClip;
        for (RgbFrame frame : held) {
            long first = Math.max(windows.firstClip(frame.ptsUs()), nextClip);
            for (long clip = first; clip <= windows.lastClip(frame.ptsUs()); clip++) {
                assembler.open.computeIfAbsent(clip, c -> new TreeMap<>()).put(frame.ptsUs(), frame);
            }
        }
        return assembler;
    }

    /** The latest frame timestamp seen, or {@code Long.MIN_VALUE} before the first frame. */
    public long maxPtsUs() {
        return maxPtsUs;
    }

    /** Frames before this time belong to no open clip any more: they need not be kept. */
    public long keepFromUs() {
        return windows.startUs(nextClip);
    }

    /** The frames held for open clips, each once, in time order. */
    public List<RgbFrame> heldFrames() {
        TreeMap<Long, RgbFrame> all = new TreeMap<>();
        open.values().forEach(all::putAll);
        return List.copyOf(all.values());
    }

    /** A clip and its frames in time order. */
    public record Clip(long index, long startUs, long endUs, List<RgbFrame> frames) {}

    /**
     * What adding a frame gave.
     *
     * @param complete clips completed by this frame's watermark, in index order
     * @param late whether the frame came after all its clips had come out (it was not used)
     */
    public record Added(List<Clip> complete, boolean late) {}

    /** Adds a frame; returns the clips it completes. */
    public Added add(RgbFrame frame) {
        long pts = frame.ptsUs();
        long first = Math.max(windows.firstClip(pts), nextClip);
        long last = windows.lastClip(pts);
        boolean late = first > last;
        for (long clip = first; clip <= last; clip++) {
            open.computeIfAbsent(clip, c -> new TreeMap<>()).put(pts, frame);
        }
        maxPtsUs = Math.max(maxPtsUs, pts);
        return new Added(completeUpTo(maxPtsUs - graceUs), late);
    }

    /** Ends the video: every open clip with frames, in index order. */
    public List<Clip> flush() {
        return completeUpTo(Long.MAX_VALUE);
    }

    /** Index of the first clip that has not come out yet. */
    public long nextClip() {
        return nextClip;
    }

    private List<Clip> completeUpTo(long watermarkUs) {
        List<Clip> done = new ArrayList<>();
        while (!open.isEmpty()) {
            Map.Entry<Long, TreeMap<Long, RgbFrame>> first = open.firstEntry();
            long index = first.getKey();
            if (watermarkUs != Long.MAX_VALUE && windows.endUs(index) > watermarkUs) {
                break;
            }
            open.pollFirstEntry();
            done.add(new Clip(index, windows.startUs(index), windows.endUs(index), List.copyOf(first.getValue().values())));
            nextClip = index + 1;
        }
        if (watermarkUs != Long.MAX_VALUE) {
            // windows that ended empty below the watermark are closed too, so late frames stay out
            while (windows.endUs(nextClip) <= watermarkUs && !open.containsKey(nextClip)) {
                if (open.isEmpty() || open.firstKey() > nextClip) {
                    nextClip++;
                } else {
                    break;
                }
            }
        }
        return done;
    }
}
