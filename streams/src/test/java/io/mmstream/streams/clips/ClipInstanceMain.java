package io.mmstream.streams.clips;

import io.mmstream.frames.ClipFeatureExtractor;
import io.mmstream.frames.ClipWindows;
import io.mmstream.frames.ColorMotionFeatures;
import io.mmstream.frames.RgbFrame;
import java.nio.file.Path;
import java.util.List;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;

/**
 * One clip-grouping instance (exactly-once, the product's settings) in a JVM of its own, for tests
 * that kill it: {@code ClipInstanceMain BOOTSTRAP_SERVERS STATE_DIR}. Each clip's features take
 * 150 ms more, as a real backbone would, so that a kill lands in the middle of the work. Prints
 * {@code RUNNING} once the instance runs, then runs until killed.
 */
public final class ClipInstanceMain {

    private ClipInstanceMain() {}

    public static void main(String[] args) throws Exception {
        StreamsBuilder builder = new StreamsBuilder();
        ClipTopology.buildTopology(builder, ClipWindows.videoBert(), 0, SlowFeatures::new);
        KafkaStreams streams = new KafkaStreams(builder.build(), ClipTopology.streamsConfig(args[0], Path.of(args[1]), "exactly_once_v2"));
        streams.setStateListener((now, before) -> {
            if (now == KafkaStreams.State.RUNNING) {
                System.out.println("RUNNING");
                System.out.flush();
            }
        });
        streams.start();
        Thread.currentThread().join();
    }

    /** The default features, 150 ms slower per clip. */
    private static final class SlowFeatures implements ClipFeatureExtractor {

        private final ColorMotionFeatures features = new ColorMotionFeatures();

        @Override
        public String name() {
            return features.name();
        }

        @Override
        public int dimension() {
            return features.dimension();
        }

        @Override
        public float[] extract(List<RgbFrame> frames) {
            try {
                Thread.sleep(150);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return features.extract(frames);
        }
    }
}
