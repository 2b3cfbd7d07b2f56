package io.mmstream.streams.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Usage errors exit with status 2 before anything starts. */
class CliUsageTest {

    @Test
    void unknownCommandsAndOptionsAreUsageErrors() {
        assertEquals(2, CliRun.of("transmogrify").exitCode());
        assertEquals(2, CliRun.of("captions", "--frobnicate", "a.mp4").exitCode());
        assertEquals(2, CliRun.of("captions").exitCode(), "an input is required");
        assertEquals(2, CliRun.of().exitCode(), "a command is required");
    }

    @Test
    void outputOptionsAreChecked() {
        CliRun two = CliRun.of("captions", "a.mp4", "b.mp4", "-o", "x.vtt");
        assertEquals(2, two.exitCode());
        assertTrue(two.err().contains("-o takes one input"), two.err());
        CliRun format = CliRun.of("captions", "a.mp4", "--format", "ass");
        assertEquals(2, format.exitCode());
        assertTrue(format.err().contains("unknown caption format 'ass'"), format.err());
        assertEquals(2, CliRun.of("captions", "a.mp4", "-o", "x.vtt", "--out-dir", "d").exitCode());
        CliRun mismatch = CliRun.of("captions", "a.mp4", "-o", "x.srt", "--format", "vtt");
        assertEquals(2, mismatch.exitCode(), "WebVTT is never written into a .srt");
        assertTrue(mismatch.err().contains("-o x.srt names a .srt file but --format is vtt"), mismatch.err());
        assertEquals(2, CliRun.of("ingest", "a.mp4", "--frame-size", "4096").exitCode());
        CliRun stride = CliRun.of("ingest", "a.mp4", "--clip-frames", "10", "--clip-stride", "20");
        assertEquals(2, stride.exitCode());
        assertTrue(stride.err().contains("1 <= stride <= length"), stride.err());
        CliRun model = CliRun.of("ingest", "a.mp4", "--features", "torchscript:/no/such/model.pt");
        assertEquals(2, model.exitCode());
        assertTrue(model.err().contains("no TorchScript model at /no/such/model.pt"), model.err());
    }

    @Test
    void helpExitsZero() {
        CliRun help = CliRun.of("captions", "--help");
        assertEquals(0, help.exitCode());
        assertTrue(help.out().contains("--out-dir"));
        for (String clipOption : new String[] {"--clip-frames", "--clip-stride", "--features"}) {
            assertTrue(!help.out().contains(clipOption), "captions --help lists only what captions uses: " + clipOption);
        }
        assertTrue(CliRun.of("ingest", "--help").out().contains("--clip-frames"), "ingest has the clip options");
        CliRun broker = CliRun.of("broker", "--help");
        assertEquals(0, broker.exitCode());
        assertTrue(broker.out().contains("status") && broker.out().contains("stop"), broker.out());
    }
}
