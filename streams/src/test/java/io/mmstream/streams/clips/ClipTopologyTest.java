package io.mmstream.streams.clips;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mmstream.frames.ClipWindows;
import io.mmstream.frames.ColorMotionFeatures;
import io.mmstream.models.detect.ClipObjectDetector;
import io.mmstream.models.detect.Detection;
import io.mmstream.streams.records.Clip;
import io.mmstream.streams.records.ClipObject;
import io.mmstream.streams.records.DeadLetter;
import io.mmstream.streams.records.FloatVectors;
import io.mmstream.streams.records.Frame;
import io.mmstream.streams.records.PixelEncoding;
import io.mmstream.streams.topics.Topics;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Clip grouping as it runs, on generated 20 fps frames. */
class ClipTopologyTest {

    @TempDir
    Path stateDir;

    private TopologyTestDriver driver() {
        return driver(null);
    }

    private TopologyTestDriver driver(ClipObjectDetector objects) {
        StreamsBuilder builder = new StreamsBuilder();
        ClipTopology.buildTopology(builder, ClipWindows.videoBert(), 200_000, ColorMotionFeatures::new,
                objects == null ? null : () -> objects);
        return new TopologyTestDriver(builder.build(), ClipTopology.streamsConfig("127.0.0.1:1", stateDir, "exactly_once_v2"));
    }

    private static Frame frame(String video, int n) {
        byte[] rgb = new byte[8 * 6 * 3];
        java.util.Arrays.fill(rgb, (byte) (n * 7));
        return Frame.newBuilder().setVideoId(video).setIndex(n).setPtsUs(n * 50_000L).setWidth(8).setHeight(6)
                .setEncoding(PixelEncoding.RGB24).setPixels(ByteBuffer.wrap(rgb)).setLast(false).build();
    }

    private static Frame last(String video, int count) {
        return Frame.newBuilder().setVideoId(video).setIndex(count).setPtsUs(count * 50_000L).setWidth(0).setHeight(0)
                .setEncoding(PixelEncoding.RGB24).setPixels(ByteBuffer.allocate(0)).setLast(true).build();
    }

    private static TestInputTopic<String, Frame> frames(TopologyTestDriver driver) {
        return driver.createInputTopic(Topics.FRAMES.name(), Topics.FRAMES.keySerde().serializer(),
                Topics.FRAMES.valueSerde().serializer());
    }

    private static List<Clip> clips(TopologyTestDriver driver) {
        return driver.createOutputTopic(Topics.CLIPS.name(), Topics.CLIPS.keySerde().deserializer(),
                Topics.CLIPS.valueSerde().deserializer()).readValuesToList();
    }

    @Test
    void framesBecomeClipsWithFeaturesAndTheLastPartialClipIsFlushed() {
        try (TopologyTestDriver driver = driver()) {
            TestInputTopic<String, Frame> in = frames(driver);
            for (int n = 0; n < 100; n++) {
                in.pipeInput("v", frame("v", n));
            }
            in.pipeInput("v", last("v", 100));
            List<Clip> all = clips(driver);
            Clip end = all.get(all.size() - 1);
            assertTrue(end.getLast(), "the video's clips end with a last record");
            assertEquals(4, end.getIndex(), "counting the clips before it");
            List<Clip> clips = all.subList(0, all.size() - 1);
            assertEquals(List.of(0L, 1L, 2L, 3L), clips.stream().map(Clip::getIndex).toList());
            assertEquals(List.of(30, 30, 30, 10), clips.stream().map(Clip::getFrameCount).toList());
            assertEquals(4_500_000, clips.get(3).getStartUs());
            assertEquals(5_000_000, clips.get(3).getEndUs(), "the partial clip ends after its last frame");
            for (Clip clip : clips) {
                assertEquals("color-motion-v1", clip.getExtractor());
                assertEquals(ColorMotionFeatures.DIMENSION, FloatVectors.unpack(clip.getFeatures()).length);
            }
        }
    }

    @Test
    void lateAndMalformedFramesGoToTheDeadLetterTopic() {
        try (TopologyTestDriver driver = driver()) {
            TestInputTopic<String, Frame> in = frames(driver);
            for (int n = 0; n < 40; n++) {
                in.pipeInput("v", frame("v", n));
            }
            in.pipeInput("v", frame("v", 5)); // clip 0 came out at frame 34 (1.7 s - 0.2 s grace)
            Frame broken = frame("v", 41);
            broken.setWidth(9);
            in.pipeInput("v", broken);
            List<DeadLetter> dead = driver.createOutputTopic(Topics.DLQ.name(), Topics.DLQ.keySerde().deserializer(),
                    Topics.DLQ.valueSerde().deserializer()).readValuesToList();
            assertEquals(2, dead.size());
            assertTrue(dead.get(0).getReason().startsWith("late frame 5"), dead.get(0).getReason());
            assertTrue(dead.get(1).getReason().startsWith("bad frame 41"), dead.get(1).getReason());
            assertEquals("clips", dead.get(0).getStage());
        }
    }

    @Test
    void eachClipCarriesItsObjectsAndADetectorFailureIsDeadLetteredWithoutLosingTheClip() {
        // a stand-in detector: a cat in clips whose middle frame is bright, a failure on the second clip
        ClipObjectDetector cats = new ClipObjectDetector() {
            @Override
            public List<Detection> detect(List<io.mmstream.frames.RgbFrame> frames) {
                long pts = frames.get(frames.size() / 2).ptsUs();
                if (pts >= 1_500_000 && pts < 3_000_000) {
                    throw new IllegalStateException("graph failed");
                }
                return List.of(new Detection(15, "cat", 0.5f, 0.1f, 0.2f, 0.6f, 0.9f));
            }

            @Override
            public void close() {}
        };
        try (TopologyTestDriver driver = driver(cats)) {
            TestInputTopic<String, Frame> in = frames(driver);
            for (int n = 0; n < 90; n++) {
                in.pipeInput("v", frame("v", n));
            }
            in.pipeInput("v", last("v", 90));
            List<Clip> clips = clips(driver);
            assertEquals(List.of(0L, 1L, 2L, 3L), clips.stream().map(Clip::getIndex).toList(), "no clip lost");
            ClipObject cat = clips.get(0).getObjects().get(0);
            assertEquals("cat", cat.getLabel());
            assertEquals(15, cat.getClassId());
            assertEquals(List.of(0.1f, 0.2f, 0.6f, 0.9f), cat.getBox());
            assertEquals(List.of(), clips.get(1).getObjects(), "the failed clip goes on without objects");
            assertEquals(1, clips.get(2).getObjects().size());
            List<DeadLetter> dead = driver.createOutputTopic(Topics.DLQ.name(), Topics.DLQ.keySerde().deserializer(),
                    Topics.DLQ.valueSerde().deserializer()).readValuesToList();
            assertEquals(1, dead.size());
            assertTrue(dead.get(0).getReason().startsWith("clip 1: object detection failed"), dead.get(0).getReason());
            assertTrue(dead.get(0).getReason().contains("graph failed"), dead.get(0).getReason());
        }
    }
}
