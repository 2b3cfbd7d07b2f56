package io.mmstream.asr.speakers;

/**
 * Keeps the frames loud enough to be speech: above an absolute floor and within a range of the recent
 * peak (which decays slowly), so pauses and breaths do not enter the speaker models.
 */
public final class SpeechFrameGate {

    private final double floorDb;
    private final double rangeDb;
    private final double decayDbPerFrame;
    private double peakDb = Double.NEGATIVE_INFINITY;

    /** Frames above {@code floorDb} and at most {@code rangeDb} under a peak that falls {@code decayDbPerSecond}. */
    public SpeechFrameGate(double floorDb, double rangeDb, double decayDbPerSecond) {
        this.floorDb = floorDb;
        this.rangeDb = rangeDb;
        this.decayDbPerFrame = decayDbPerSecond * MfccExtractor.HOP / MfccExtractor.SAMPLE_RATE;
    }

    /** Whether {@code frame} is speech; every frame, kept or not, moves the peak. */
    public boolean keep(MfccFrame frame) {
        peakDb = Math.max(frame.energyDb(), peakDb - decayDbPerFrame);
        return frame.energyDb() > floorDb && frame.energyDb() > peakDb - rangeDb;
    }
}
