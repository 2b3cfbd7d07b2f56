package io.mmstream.streams.sequences;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.mmstream.streams.records.Sequence;
import io.mmstream.streams.records.Transcript;
import io.mmstream.streams.records.VisualToken;
import io.mmstream.streams.topics.Topic;
import io.mmstream.streams.topics.Topics;
import io.mmstream.tokenizer.text.WordPieceTokenizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sequences topology on a constructed timeline, with either side late, through BERT's real WordPiece tokenizer. */
class SequenceTopologyIT {

    @TempDir
    Path work;

    private static Transcript sentence(String video, long startUs, long endUs, String text) {
        return Transcript.newBuilder().setVideoId(video).setStartUs(startUs).setEndUs(endUs).setText(text)
                .setWords(List.of()).setIsFinal(true).setEndOfStream(false).build();
    }

    private static Transcript partial(String video, long startUs, long endUs, String text) {
        return Transcript.newBuilder(sentence(video, startUs, endUs, text)).setIsFinal(false).build();
    }

    private static Transcript endOfText(String video, long atUs) {
        return Transcript.newBuilder(sentence(video, atUs, atUs, "")).setEndOfStream(true).build();
    }

    private static VisualToken clip(String video, long index) {
        return VisualToken.newBuilder().setVideoId(video).setClipIndex(index).setStartUs(index * 1_500_000)
                .setEndUs((index + 1) * 1_500_000).setToken((int) (500 + index)).setPath(List.of(1, 2, 3, 4))
                .setCodebookVersion("cb-7").setLast(false).build();
    }

    private static VisualToken endOfClips(String video, long index) {
        return VisualToken.newBuilder(clip(video, index)).setToken(-1).setPath(List.of()).setLast(true).build();
    }

    private List<String> run(boolean tokensFirst) throws Exception {
        Properties config = SequenceTopology.streamsConfig("127.0.0.1:1",
                Files.createDirectories(work.resolve(tokensFirst ? "a" : "b")), "exactly_once_v2");
        StreamsBuilder builder = new StreamsBuilder();
        Path cache = work.resolve("cache");
        SequenceTopology.buildTopology(builder, () -> WordPieceTokenizer.bertUncased(cache));
        try (TopologyTestDriver driver = new TopologyTestDriver(builder.build(), config)) {
            TestInputTopic<String, Transcript> text = input(driver, Topics.TRANSCRIPTS);
            TestInputTopic<String, VisualToken> visual = input(driver, Topics.VISUAL_TOKENS);
            Runnable sendText = () -> {
                text.pipeInput("v", partial("v", 1_000_000, 2_000_000, "john"));
                text.pipeInput("v", sentence("v", 1_000_000, 3_000_000, "John Dashwood"));
                text.pipeInput("v", sentence("v", 5_000_000, 6_500_000, "he was not"));
                text.pipeInput("v", endOfText("v", 9_000_000));
            };
            Runnable sendClips = () -> {
                for (long i = 0; i < 6; i++) {
                    visual.pipeInput("v", clip("v", i));
                }
                visual.pipeInput("v", endOfClips("v", 6));
            };
            if (tokensFirst) {
                sendClips.run();
                sendText.run();
            } else {
                sendText.run();
                sendClips.run();
            }
            List<String> out = new ArrayList<>();
            for (Sequence s : driver.createOutputTopic(Topics.SEQUENCES.name(), Topics.SEQUENCES.keySerde().deserializer(),
                    Topics.SEQUENCES.valueSerde().deserializer()).readValuesToList()) {
                out.add(s.getSegment() + " " + s.getStartUs() / 1000 + "-" + s.getEndUs() / 1000 + " '" + s.getText() + "' "
                        + s.getTextTokens() + " " + s.getVisualTokens() + " " + s.getCodebookVersion());
            }
            return out;
        }
    }

    private static <V> TestInputTopic<String, V> input(TopologyTestDriver driver, Topic<String, V> t) {
        return driver.createInputTopic(t.name(), t.keySerde().serializer(), t.valueSerde().serializer());
    }

    @Test
    void sentencesAndVisualWordsBecomeSegmentsWhicheverSideComesLate() throws Exception {
        List<String> expected = List.of(
                "0 0-1500 '' [] [500] cb-7",
                "1 1000-3000 'John Dashwood' [2198, 11454, 3702] [501] cb-7",
                "2 3000-4500 '' [] [502] cb-7",
                "3 5000-6500 'he was not' [2002, 2001, 2025] [503] cb-7",
                "4 6000-9000 '' [] [504, 505] cb-7");
        assertEquals(expected, run(false), "transcripts first");
        assertEquals(expected, run(true), "visual words first");
    }
}
