package io.mmstream.asr.captions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class CaptionWriterTest {

    private static final List<Cue> CUES = List.of(
            new Cue(720_000, 5_460_000, List.of("and mister john dashwood", "had then leisure"), true),
            new Cue(3_661_001_000L, 3_662_500_000L, List.of("say \"hi\" --> now"), true));

    private static String write(CaptionFormat format) throws Exception {
        StringWriter out = new StringWriter();
        CaptionWriter writer = new CaptionWriter(out, format, "talk.mp4");
        writer.header();
        for (Cue cue : CUES) {
            writer.cue(cue, 1_700_000_000_000L);
        }
        return out.toString();
    }

    @Test
    void webVtt() throws Exception {
        assertEquals("WEBVTT\n\n"
                + "00:00:00.720 --> 00:00:05.460\nand mister john dashwood\nhad then leisure\n\n"
                + "01:01:01.001 --> 01:01:02.500\nsay \"hi\" -> now\n\n", write(CaptionFormat.VTT));
    }

    @Test
    void srt() throws Exception {
        assertEquals("1\n00:00:00,720 --> 00:00:05,460\nand mister john dashwood\nhad then leisure\n\n"
                + "2\n01:01:01,001 --> 01:01:02,500\nsay \"hi\" -> now\n\n", write(CaptionFormat.SRT));
    }

    @Test
    void jsonLinesFollowTheCliContract() throws Exception {
        assertEquals("{\"video\":\"talk.mp4\",\"start_ms\":720,\"end_ms\":5460,"
                + "\"text\":\"and mister john dashwood had then leisure\",\"final\":true,\"emitted_at\":1700000000000}\n"
                + "{\"video\":\"talk.mp4\",\"start_ms\":3661001,\"end_ms\":3662500,"
                + "\"text\":\"say \\\"hi\\\" --> now\",\"final\":true,\"emitted_at\":1700000000000}\n",
                write(CaptionFormat.JSONL));
    }

    @Test
    void orderedCuesNeverOverlap() {
        List<Cue> ordered = CaptionWriter.ordered(List.of(
                new Cue(2_000_000, 4_000_000, List.of("b"), true),
                new Cue(0, 2_500_000, List.of("a"), true)));
        assertEquals("a", ordered.get(0).text());
        assertEquals(2_000_000, ordered.get(0).endUs());
    }

    @Test
    void formatsComeFromNamesAndExtensions() {
        assertEquals(CaptionFormat.SRT, CaptionFormat.fromFileName("out/talk.SRT"));
        assertEquals(CaptionFormat.JSONL, CaptionFormat.parse("jsonl"));
        assertEquals(null, CaptionFormat.fromFileName("talk.txt"));
        assertThrows(IllegalArgumentException.class, () -> CaptionFormat.parse("ass"));
    }
}
