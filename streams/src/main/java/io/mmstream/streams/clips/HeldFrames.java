package io.mmstream.streams.clips;

import io.mmstream.frames.RgbFrame;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The clip grouper's state in a Kafka Streams key-value store: each held frame under
 * {@code <video>\0<pts>} and a small progress entry under {@code <video>\1}. Frames are written once
 * and deleted once no open clip needs them, so the store (and its changelog) carries each frame
 * about twice, never a whole clip per frame.
 */
final class HeldFrames {

    static final String STORE = "clip-frames";

    private final KeyValueStore<String, byte[]> store;

    HeldFrames(KeyValueStore<String, byte[]> store) {
        this.store = store;
    }

    /** Progress of a video: latest timestamp seen and next clip to come out; null when none is saved. */
    record Progress(long maxPtsUs, long nextClip) {}

    void put(String video, RgbFrame frame) {
        ByteBuffer b = ByteBuffer.allocate(16 + frame.rgb().length);
        b.putInt(frame.width()).putInt(frame.height()).putLong(frame.ptsUs()).put(frame.rgb());
        store.put(frameKey(video, frame.ptsUs()), b.array());
    }

    void saveProgress(String video, long maxPtsUs, long nextClip) {
        store.put(progressKey(video), ByteBuffer.allocate(16).putLong(maxPtsUs).putLong(nextClip).array());
    }

    Progress progress(String video) {
        byte[] bytes = store.get(progressKey(video));
        if (bytes == null) {
            return null;
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        return new Progress(b.getLong(), b.getLong());
    }

    /** The frames held for {@code video}, in time order. */
    List<RgbFrame> frames(String video) {
        List<RgbFrame> frames = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = store.range(video + "\0", video + "\0\uffff")) {
            while (it.hasNext()) {
                ByteBuffer b = ByteBuffer.wrap(it.next().value);
                int width = b.getInt();
                int height = b.getInt();
                long pts = b.getLong();
                byte[] rgb = new byte[b.remaining()];
                b.get(rgb);
                frames.add(new RgbFrame(pts, width, height, rgb));
            }
        }
        return frames;
    }

    /** Deletes the frames of {@code video} before {@code beforeUs}. */
    void dropBefore(String video, long beforeUs) {
        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = store.range(video + "\0", frameKey(video, beforeUs))) {
            while (it.hasNext()) {
                KeyValue<String, byte[]> e = it.next();
                if (!e.key.equals(frameKey(video, beforeUs))) {
                    keys.add(e.key);
                }
            }
        }
        keys.forEach(store::delete);
    }

    /** Forgets everything about {@code video}. */
    void forget(String video) {
        dropBefore(video, Long.MAX_VALUE);
        store.delete(progressKey(video));
    }

    private static String frameKey(String video, long ptsUs) {
        // non-negative times, zero-padded, so keys sort by time
        return video + "\0" + String.format("%019d", Math.max(0, ptsUs));
    }

    private static String progressKey(String video) {
        return video + "\1";
    }
}
