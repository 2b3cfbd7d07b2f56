package io.mmstream.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Real FFmpeg decoding of the fixtures, checked against what Debian's ffprobe reports. */
class MediaDecoderIT {

    /** Collects everything a decode produces. */
    static final class Collected implements MediaSink {
        final List<SampledFrame> frames = new ArrayList<>();
        final List<AudioChunk> chunks = new ArrayList<>();
        MediaInfo info;

        @Override
        public void opened(MediaInfo info) {
            this.info = info;
        }

        @Override
        public void frame(SampledFrame frame) {
            frames.add(frame);
        }

        @Override
        public void audio(AudioChunk chunk) {
            chunks.add(chunk);
        }
    }

    static Path fixture(String name) {
        return name.startsWith("samples/") ? Fixtures.sample(name.substring(8)) : Fixtures.media(name);
    }

    @ParameterizedTest(name = "{0} at {1} fps")
    @CsvSource({
        "samples/dashwood.mp4, 5",   // MP4 / H.264 + AAC
        "dashwood.webm, 4",          // WebM / VP9 + Opus
        "theora.ogv, 5",             // Ogg / Theora + Vorbis
        "vfr.mp4, 10",               // variable frame rate: 33, 67 and 100 ms between frames
        "vfr.mp4, 1000",             // every frame
    })
    void sampledFramesMatchFfprobe(String name, double fps) throws Exception {
        Path file = fixture(name);
        List<Ffprobe.ProbedFrame> probed = Ffprobe.videoFrames(file);
        FrameSampler reference = new FrameSampler(fps);
        List<Ffprobe.ProbedFrame> expected = probed.stream().filter(f -> reference.keep(f.ptsUs())).toList();

        Collected out = new Collected();
        DecodeSummary summary = new MediaDecoder(DecodeOptions.defaults().withFrameRate(fps).withMaxSide(128))
                .decode(file.toString(), out);

        assertEquals(probed.size(), summary.framesDecoded(), "every frame decoded");
        assertEquals(expected.size(), out.frames.size(), "frames kept");
        for (int i = 0; i < expected.size(); i++) {
            Ffprobe.ProbedFrame want = expected.get(i);
            SampledFrame got = out.frames.get(i);
            assertEquals(i, got.index());
            assertEquals(want.ptsUs(), got.ptsUs(), 1000, "timestamp of frame " + i);
            int[] size = FrameScaler.targetSize(want.width(), want.height(), 128);
            assertEquals(size[0], got.width());
            assertEquals(size[1], got.height());
            assertEquals(got.width() * got.height() * 3, got.rgb().length);
        }
    }

    @Test
    void variableFrameRateKeepsItsIrregularTimestamps() throws Exception {
        Collected out = new Collected();
        new MediaDecoder(DecodeOptions.defaults().withFrameRate(1000)).decode(Fixtures.media("vfr.mp4").toString(), out);
        Set<Long> gapsMs = new java.util.TreeSet<>();
        for (int i = 1; i < out.frames.size(); i++) {
            gapsMs.add(Math.round((out.frames.get(i).ptsUs() - out.frames.get(i - 1).ptsUs()) / 1000.0));
        }
        assertEquals(Set.of(33L, 67L, 100L), gapsMs.stream().map(g -> g == 34 ? 33 : g == 66 ? 67 : g).collect(Collectors.toSet()));
    }

    @ParameterizedTest
    @CsvSource({"samples/dashwood.mp4", "dashwood.webm", "audio-only.ogg"})
    void audioIs16kMonoCoveringTheStream(String name) throws Exception {
        Path file = fixture(name);
        Collected out = new Collected();
        DecodeSummary summary = new MediaDecoder(DecodeOptions.audioOnly()).decode(file.toString(), out);
        long samples = out.chunks.stream().mapToLong(AudioChunk::sampleCount).sum();
        assertEquals(Ffprobe.audioDurationUs(file) / 1e6, samples / 16_000.0, 0.1, "seconds of audio");
        for (int i = 0; i + 1 < out.chunks.size(); i++) {
            assertEquals(3200, out.chunks.get(i).sampleCount(), "200 ms chunks");
            assertEquals(out.chunks.get(i).endUs(), out.chunks.get(i + 1).startUs(), "continuous timeline");
        }
        assertEquals(0, summary.framesKept());
    }

    @Test
    void audioOnlyAndVideoOnlySourcesAreDescribed() throws Exception {
        Collected audio = new Collected();
        new MediaDecoder(DecodeOptions.defaults()).decode(Fixtures.media("audio-only.ogg").toString(), audio);
        assertFalse(audio.info.hasVideo());
        assertTrue(audio.info.hasAudio());
        assertTrue(audio.frames.isEmpty());

        Collected video = new Collected();
        new MediaDecoder(DecodeOptions.defaults()).decode(Fixtures.media("video-only.mp4").toString(), video);
        assertTrue(video.info.hasVideo());
        assertFalse(video.info.hasAudio());
        assertTrue(video.chunks.isEmpty());
        assertEquals(30, video.frames.size(), "2 s at 15 fps, all kept at 20 fps");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "/no/such/file.mp4 | no such file",
        "empty.mp4 | empty file",
        "random.bin | cannot open: Invalid data found when processing input",
        "truncated.mp4 | moov atom not found",
        "truncated-faststart.mp4 | truncated or corrupt: media ends at",
        "http://127.0.0.1:9/none.mp4 | cannot open: Connection refused",
    })
    void badInputsSayWhyInOneLine(String name, String reason) {
        String input = name.contains("/") ? name : Fixtures.media(name).toString();
        MediaException e = assertThrows(MediaException.class,
                () -> new MediaDecoder(DecodeOptions.defaults()).decode(input, new Collected()));
        assertNotNull(e.reason());
        assertTrue(e.reason().contains(reason), e.reason());
        assertFalse(e.reason().contains("\n"), "one line");
        assertEquals(input, e.input());
    }
}
