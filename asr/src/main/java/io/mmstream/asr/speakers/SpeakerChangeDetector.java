package io.mmstream.asr.speakers;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds where the speaker changes in 16 kHz mono PCM fed in order, as it is fed.
 *
 * <p>The MFCCs of the speech frames ({@link SpeechFrameGate}) since the last change fill a window of at
 * most {@code maxWindow} frames; every {@code step} new speech frames the window is tested for one change
 * ({@link BicChangePoint}). A change found starts the window anew at the change, as in Chen and
 * Gopalakrishnan's window-growing search; a window full without one slides. Each change is reported once,
 * at the media time between the last speech frame before it and the first after it.
 *
 * <p>One instance per stream, fed from one thread.
 */
public final class SpeakerChangeDetector {

    /** The penalty weight of {@link #tuned()}. */
    public static final double LAMBDA = 1.8;
    /** Cepstra per frame (c1..c16). */
    public static final int CEPSTRA = 16;
    /** Speech frames (10 ms each) on each side of a change, at least. */
    public static final int MIN_SPEECH_FRAMES = 100;
    /** Speech frames a window holds at most before it slides. */
    public static final int MAX_WINDOW_FRAMES = 800;
    /** Every how many new speech frames the window is tested. */
    public static final int STEP = 20;
    /** Every how many frames a split is tried. */
    public static final int STRIDE = 4;

    private final MfccExtractor mfcc;
    private final SpeechFrameGate gate;
    private final BicChangePoint test;
    private final int maxWindow;
    private final int step;
    private final List<MfccFrame> window = new ArrayList<>();
    private int sinceTest;
    /** Every change before this media time has been reported. */
    private long checkedUs = Long.MIN_VALUE;

    public SpeakerChangeDetector(int cepstra, SpeechFrameGate gate, BicChangePoint test, int maxWindow, int step) {
        this.mfcc = new MfccExtractor(cepstra);
        this.gate = gate;
        this.test = test;
        this.maxWindow = maxWindow;
        this.step = step;
    }

    /**
     * The settings tuned on real speech (bench/speaker-changes.sh): 16 cepstra, full covariances, lambda
     * {@value #LAMBDA}, at least 1 s of speech on each side of a change, a window of up to 8 s of speech
     * tested every 0.2 s of speech at every 4th frame.
     */
    public static SpeakerChangeDetector tuned() {
        return new SpeakerChangeDetector(CEPSTRA, gate(),
                new BicChangePoint(BicChangePoint.Covariance.FULL, LAMBDA, MIN_SPEECH_FRAMES, STRIDE), MAX_WINDOW_FRAMES, STEP);
    }

    /** The speech gate of {@link #tuned()}: frames above -55 dBFS and within 30 dB of a peak falling 3 dB/s. */
    public static SpeechFrameGate gate() {
        return new SpeechFrameGate(-55, 30, 3);
    }

    /** The media times of the changes that {@code length} bytes of PCM starting at {@code startUs} revealed. */
    public List<Long> accept(long startUs, byte[] pcm, int length) {
        List<Long> changes = new ArrayList<>();
        for (MfccFrame frame : mfcc.accept(startUs, pcm, length)) {
            if (gate.keep(frame)) {
                window.add(frame);
                if (++sinceTest >= step) {
                    sinceTest = 0;
                    Long change = testWindow();
                    if (change != null) {
                        changes.add(change);
                    }
                }
            }
            // the first minimum segment of speech after a change (or the start) holds no candidate split
            int m = test.minSegment();
            long settled = window.size() <= m ? frame.timeUs() : window.get(m - 1).timeUs();
            checkedUs = Math.max(checkedUs, settled);
        }
        return changes;
    }

    /**
     * Media time up to which every change has been reported: changes closer than the minimum segment
     * to the newest speech cannot be tested yet.
     */
    public long checkedUntilUs() {
        return checkedUs;
    }

    /** Starts afresh after a hole in the audio: speech on either side of it is not compared. */
    public void reset() {
        mfcc.reset();
        window.clear();
        sinceTest = 0;
    }

    private Long testWindow() {
        double[][] x = new double[window.size()][];
        for (int i = 0; i < x.length; i++) {
            x[i] = window.get(i).cepstra();
        }
        BicChangePoint.Split split = test.best(x, 0, x.length);
        // a split in the last step before the newest minimum segment waits for more speech: a change just
        // heard first shows where the newest speech is mixed with the older, at the edge of the splits tried
        int decided = x.length - test.minSegment() - step;
        if (split != null && decided >= 0) {
            checkedUs = Math.max(checkedUs, window.get(decided).timeUs());
        }
        Long change = null;
        if (split != null && split.deltaBic() > 0 && split.index() <= decided) {
            int at = split.index();
            change = (window.get(at - 1).timeUs() + window.get(at).timeUs()) / 2;
            window.subList(0, at).clear();
        } else if (window.size() > maxWindow) {
            window.subList(0, window.size() - maxWindow).clear();
        }
        return change;
    }
}
