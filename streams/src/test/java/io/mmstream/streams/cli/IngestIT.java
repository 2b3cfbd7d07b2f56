package io.mmstream.streams.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mmstream.ingest.Fixtures;
import io.mmstream.ingest.Ffprobe;
import io.mmstream.ingest.FrameSampler;
import io.mmstream.streams.kafka.KafkaCluster;
import io.mmstream.streams.kafka.TopicReader;
import io.mmstream.streams.records.AudioChunk;
import io.mmstream.streams.records.Frame;
import io.mmstream.streams.records.Transcript;
import io.mmstream.streams.records.Video;
import io.mmstream.streams.topics.Topics;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mmstream ingest} puts frames and audio on the topics: frame counts, timestamps and sizes
 * checked against ffprobe for four containers, one of them variable-frame-rate; the broker is
 * reopened afterwards on the same data dir, so the records also prove they survive a restart.
 */
class IngestIT {

    @TempDir
    Path work;

    @Test
    void framesAndAudioOnTheTopicsMatchFfprobe() throws Exception {
        List<Path> inputs = List.of(Fixtures.sample("dashwood.mp4"), Fixtures.media("dashwood.webm"),
                Fixtures.media("theora.ogv"), Fixtures.media("vfr.mp4"));
        Path data = work.resolve("data");
        List<String> args = new java.util.ArrayList<>(List.of("--data-dir", data.toString(), "ingest", "--fps", "8",
                "--frame-size", "96"));
        inputs.forEach(p -> args.add(p.toString()));
        CliRun run = CliRun.of(args.toArray(String[]::new));
        assertEquals(0, run.exitCode(), run.err());

        try (KafkaCluster cluster = KafkaCluster.open(null, data)) {
            Map<String, String> idByUri = TopicReader.readAll(cluster, Topics.VIDEOS).stream().map(ConsumerRecord::value)
                    .collect(Collectors.toMap(Video::getUri, Video::getVideoId));
            Map<String, List<Frame>> frames = TopicReader.readAll(cluster, Topics.FRAMES).stream().map(ConsumerRecord::value)
                    .collect(Collectors.groupingBy(Frame::getVideoId));
            Map<String, List<AudioChunk>> audio = TopicReader.readAll(cluster, Topics.AUDIO).stream()
                    .map(ConsumerRecord::value).collect(Collectors.groupingBy(AudioChunk::getVideoId));
            List<Transcript> transcripts = TopicReader.readAll(cluster, Topics.TRANSCRIPTS).stream()
                    .map(ConsumerRecord::value).toList();
            Map<String, List<io.mmstream.streams.records.Clip>> clips = TopicReader.readAll(cluster, Topics.CLIPS).stream()
                    .map(ConsumerRecord::value).filter(c -> !c.getLast()).collect(Collectors.groupingBy(io.mmstream.streams.records.Clip::getVideoId));

            for (Path input : inputs) {
                String id = idByUri.get(input.toString());
                List<Ffprobe.ProbedFrame> probed = Ffprobe.videoFrames(input);
                FrameSampler sampler = new FrameSampler(8);
                List<Ffprobe.ProbedFrame> expected = probed.stream().filter(f -> sampler.keep(f.ptsUs())).toList();
                List<Frame> all = frames.get(id).stream().sorted(Comparator.comparingLong(Frame::getIndex)).toList();
                Frame end = all.get(all.size() - 1);
                assertTrue(end.getLast() && end.getPixels().remaining() == 0, input + ": frames end with a last record");
                List<Frame> got = all.subList(0, all.size() - 1);
                assertEquals(got.size(), end.getIndex(), input + ": the last record counts the frames");
                assertEquals(expected.size(), got.size(), input + ": frames");
                for (int i = 0; i < got.size(); i++) {
                    Frame f = got.get(i);
                    assertEquals(expected.get(i).ptsUs(), f.getPtsUs(), 1000, input + ": pts of frame " + i);
                    double aspect = (double) expected.get(i).width() / expected.get(i).height();
                    assertEquals(96, Math.max(f.getWidth(), f.getHeight()), input + ": longer side");
                    assertEquals(aspect, (double) f.getWidth() / f.getHeight(), 0.1, input + ": aspect kept");
                    assertEquals(f.getWidth() * f.getHeight() * 3, f.getPixels().remaining(), input + ": RGB24 bytes");
                }
                List<AudioChunk> chunks = audio.get(id);
                assertTrue(chunks.get(chunks.size() - 1).getLast(), input + ": the audio stream is ended");
                if (!input.getFileName().toString().equals("vfr.mp4")) {
                    long samples = chunks.stream().mapToLong(c -> c.getPcm().remaining() / 2).sum();
                    assertEquals(Ffprobe.audioDurationUs(input) / 1e6, samples / 16_000.0, 0.1, input + ": seconds of audio");
                }
                // 30-frame clips at the 8 fps sampling rate (3.75 s), the last one partial; every frame in one clip
                List<io.mmstream.streams.records.Clip> videoClips = clips.get(id).stream()
                        .sorted(Comparator.comparingLong(io.mmstream.streams.records.Clip::getIndex)).toList();
                long lastPts = got.get(got.size() - 1).getPtsUs();
                assertEquals(lastPts / 3_750_000 + 1, videoClips.size(), input + ": clips");
                assertEquals(got.size(), videoClips.stream().mapToInt(io.mmstream.streams.records.Clip::getFrameCount).sum(),
                        input + ": frames in clips");
                assertTrue(transcripts.stream().anyMatch(t -> t.getVideoId().equals(id) && t.getEndOfStream()),
                        input + ": its speech was transcribed to the end");
            }
            assertTrue(transcripts.stream().anyMatch(t -> t.getIsFinal() && t.getText().contains("dashwood")));
        }
    }

    @Test
    void clipFeaturesCanComeFromATorchScriptNetwork() throws Exception {
        Path data = work.resolve("ts");
        CliRun run = CliRun.of("--data-dir", data.toString(), "ingest", "--frame-size", "64", "--features",
                "torchscript:" + Fixtures.media("clip-encoder-tiny.pt") + "@32", Fixtures.media("theora.ogv").toString());
        assertEquals(0, run.exitCode(), run.err());
        try (KafkaCluster cluster = KafkaCluster.open(null, data)) {
            List<io.mmstream.streams.records.Clip> clips = TopicReader.readAll(cluster, Topics.CLIPS).stream()
                    .map(ConsumerRecord::value).filter(c -> !c.getLast()).toList();
            assertEquals(2, clips.size(), "3 s at 20 fps: two 1.5 s clips");
            for (io.mmstream.streams.records.Clip clip : clips) {
                assertEquals("torchscript:clip-encoder-tiny.pt", clip.getExtractor());
                assertEquals(24, clip.getDimension());
            }
        }
    }
}
