package io.mmstream.streams.cli;

import io.mmstream.streams.records.Clip;
import io.mmstream.streams.records.FloatVectors;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A uniform random sample of at most {@code capacity} clip features from a stream of any length
 * (reservoir sampling, Vitter's algorithm R), seeded so a replay gives the same sample.
 */
final class ClipReservoir {

    private final int capacity;
    private final SplittableRandom random;
    private final List<float[]> sample = new ArrayList<>();
    private long seen;

    ClipReservoir(int capacity, long seed) {
        this.capacity = capacity;
        this.random = new SplittableRandom(seed);
    }

    void offer(Clip clip) {
        seen++;
        if (sample.size() < capacity) {
            sample.add(FloatVectors.unpack(clip.getFeatures()));
        } else {
            long slot = random.nextLong(seen);
            if (slot < capacity) {
                sample.set((int) slot, FloatVectors.unpack(clip.getFeatures()));
            }
        }
    }

    /** Clips offered. */
    long seen() {
        return seen;
    }

    /** The sample kept. */
    List<float[]> sample() {
        return sample;
    }
}
