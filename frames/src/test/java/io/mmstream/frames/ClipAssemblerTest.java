package io.mmstream.frames;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClipAssemblerTest {

    private static RgbFrame at(long ptsUs) {
        return new RgbFrame(ptsUs, 1, 1, new byte[3]);
    }

    /** 20 fps: frame n at n * 50 ms. */
    private static long frame(int n) {
        return n * 50_000L;
    }

    @Test
    void boundariesAreExactAndTheLastPartialClipIsFlushed() {
        ClipAssembler assembler = new ClipAssembler(ClipWindows.videoBert(), 0);
        List<ClipAssembler.Clip> clips = new ArrayList<>();
        for (int n = 0; n < 100; n++) {
            clips.addAll(assembler.add(at(frame(n))).complete());
        }
        assertEquals(List.of(0L, 1L, 2L), clips.stream().map(ClipAssembler.Clip::index).toList(),
                "clip 3 (frames 90-99, up to 6.0 s) is still open");
        clips.addAll(assembler.flush());
        assertEquals(List.of(0L, 1L, 2L, 3L), clips.stream().map(ClipAssembler.Clip::index).toList());
        assertEquals(List.of(30, 30, 30, 10), clips.stream().map(c -> c.frames().size()).toList());
        assertEquals(frame(30), clips.get(1).frames().get(0).ptsUs());
        assertEquals(frame(59), clips.get(1).frames().get(29).ptsUs());
        assertEquals(1_500_000, clips.get(1).startUs());
        assertEquals(3_000_000, clips.get(1).endUs());
        assertTrue(assembler.flush().isEmpty(), "nothing is emitted twice");
    }

    @Test
    void outOfOrderFramesWithinGraceLandInTheirClipInTimeOrder() {
        ClipAssembler assembler = new ClipAssembler(ClipWindows.videoBert(), 500_000);
        List<ClipAssembler.Clip> clips = new ArrayList<>();
        int[] order = {0, 2, 1, 3, 29, 31, 28, 30, 35, 39};
        for (int n : order) {
            clips.addAll(assembler.add(at(frame(n))).complete());
        }
        assertTrue(clips.isEmpty(), "clip 0 stays open until the watermark (2.0 s - 0.5 s) passes 1.5 s");
        clips.addAll(assembler.add(at(frame(40))).complete());
        assertEquals(1, clips.size());
        assertEquals(List.of(frame(0), frame(1), frame(2), frame(3), frame(28), frame(29)),
                clips.get(0).frames().stream().map(RgbFrame::ptsUs).toList());
    }

    @Test
    void framesAfterTheirClipCameOutAreLate() {
        ClipAssembler assembler = new ClipAssembler(ClipWindows.videoBert(), 0);
        for (int n = 0; n <= 30; n++) {
            assembler.add(at(frame(n)));
        }
        ClipAssembler.Added late = assembler.add(at(frame(10)));
        assertTrue(late.late());
        assertTrue(late.complete().isEmpty());
        assertFalse(assembler.add(at(frame(31))).late());
        assertEquals(2, assembler.flush().get(0).frames().size(), "frames 30 and 31; the late one went nowhere");
    }

    @Test
    void aReplayedFrameReplacesItself() {
        ClipAssembler assembler = new ClipAssembler(ClipWindows.videoBert(), 0);
        assembler.add(at(frame(1)));
        assembler.add(at(frame(1)));
        assertEquals(1, assembler.flush().get(0).frames().size());
    }

    @Test
    void overlappingClipsShareFramesAndGapsGiveNoClip() {
        ClipAssembler assembler = new ClipAssembler(new ClipWindows(20, 30, 10), 0);
        List<ClipAssembler.Clip> clips = new ArrayList<>();
        for (int n = 0; n < 40; n++) {
            clips.addAll(assembler.add(at(frame(n))).complete());
        }
        // a 10 s gap, then one frame
        clips.addAll(assembler.add(at(frame(240))).complete());
        clips.addAll(assembler.flush());
        assertEquals(List.of(0L, 1L, 2L, 3L, 22L, 23L, 24L), clips.stream().map(ClipAssembler.Clip::index).toList());
        assertEquals(List.of(30, 30, 20, 10, 1, 1, 1), clips.stream().map(c -> c.frames().size()).toList());
    }

    @Test
    void aRestoredAssemblerGoesOnWhereTheSavedOneStopped() {
        ClipAssembler first = new ClipAssembler(ClipWindows.videoBert(), 0);
        List<ClipAssembler.Clip> clips = new ArrayList<>();
        for (int n = 0; n < 45; n++) {
            clips.addAll(first.add(at(frame(n))).complete());
        }
        assertEquals(15, first.heldFrames().size(), "only the frames of the open clip are held");
        assertEquals(1_500_000, first.keepFromUs());
        ClipAssembler resumed = ClipAssembler.restore(ClipWindows.videoBert(), 0, first.maxPtsUs(), first.nextClip(),
                first.heldFrames());
        for (int n = 45; n < 70; n++) {
            clips.addAll(resumed.add(at(frame(n))).complete());
        }
        clips.addAll(resumed.flush());
        assertEquals(List.of(30, 30, 10), clips.stream().map(c -> c.frames().size()).toList());
    }
}
