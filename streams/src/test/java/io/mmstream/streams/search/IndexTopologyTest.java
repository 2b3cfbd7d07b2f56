package io.mmstream.streams.search;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.mmstream.index.Entry;
import io.mmstream.index.MomentIndex;
import io.mmstream.streams.records.SourceKind;
import io.mmstream.streams.records.Transcript;
import io.mmstream.streams.records.Video;
import io.mmstream.streams.topics.Topics;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which videos the index lists, whatever order its input topics are read in: a video's record and
 * the end of its transcripts are on two topics, and a task may read either first.
 */
class IndexTopologyTest {

    @TempDir
    Path stateDir;

    private static final String VIDEO = "c00c0000000000aa";

    private TopologyTestDriver driver() {
        StreamsBuilder builder = new StreamsBuilder();
        IndexTopology.buildTopology(builder, () -> null, () -> null);
        return new TopologyTestDriver(builder.build(), IndexTopology.streamsConfig("127.0.0.1:1", stateDir, "exactly_once_v2", null));
    }

    private static Video video() {
        return Video.newBuilder().setVideoId(VIDEO).setUri("/lib/cooking.mp4").setKind(SourceKind.FILE).setFormat("mp4")
                .setDurationUs(10_000_000).setOpenedAtMs(0).build();
    }

    private static Transcript end() {
        return Transcript.newBuilder().setVideoId(VIDEO).setStartUs(9_000_000).setEndUs(9_000_000).setText("")
                .setWords(List.of()).setIsFinal(true).setEndOfStream(true).build();
    }

    private static Transcript said(String text) {
        return Transcript.newBuilder().setVideoId(VIDEO).setStartUs(1_000_000).setEndUs(2_000_000).setText(text)
                .setWords(List.of()).setIsFinal(true).setEndOfStream(false).build();
    }

    private static Map<String, Entry> listed(TopologyTestDriver driver) {
        MomentIndex index = LocalMoments.lucene((org.apache.kafka.streams.processor.StateStore) driver.getKeyValueStore(IndexTopology.STORE)).index();
        index.refresh();
        return index.videos();
    }

    @Test
    void aVideoIsListedOnceItsTranscriptsEndAndNotBefore() {
        try (TopologyTestDriver driver = driver()) {
            videos(driver).pipeInput(VIDEO, video());
            transcripts(driver).pipeInput(VIDEO, said("stir the onions"));
            assertEquals(Map.of(), listed(driver), "half-way through, a video is not listed");
            transcripts(driver).pipeInput(VIDEO, end());
            assertEquals("/lib/cooking.mp4", listed(driver).get(VIDEO).path());
        }
    }

    @Test
    void aVideoWhoseTranscriptsEndedBeforeItsRecordWasReadIsListedOnceItIs() {
        try (TopologyTestDriver driver = driver()) {
            transcripts(driver).pipeInput(VIDEO, said("stir the onions"));
            transcripts(driver).pipeInput(VIDEO, end());
            assertEquals(Map.of(), listed(driver));
            videos(driver).pipeInput(VIDEO, video());
            Entry listed = listed(driver).get(VIDEO);
            assertEquals("/lib/cooking.mp4", listed.path(), "the video came second: " + listed(driver));
            assertEquals(10_000_000, listed.endUs());
        }
    }

    @Test
    void anEndNoFileRecordClaimsIsForgottenAfterAWhile() {
        try (TopologyTestDriver driver = driver()) {
            // a picture-caption pair: its record (another kind than a file) first, then its caption's end
            videos(driver).pipeInput(VIDEO, Video.newBuilder(video()).setKind(SourceKind.IMAGE_SET).build());
            transcripts(driver).pipeInput(VIDEO, end());
            org.apache.kafka.streams.state.KeyValueStore<String, Video> marks = driver.getKeyValueStore(IndexTopology.VIDEOS_STORE);
            assertEquals(1, count(marks), "the end waits for a file record");
            driver.advanceWallClockTime(IndexProcessor.END_MARK_LIFE.plusMinutes(1));
            assertEquals(0, count(marks), "and is forgotten once no record came for " + IndexProcessor.END_MARK_LIFE);
        }
    }

    private static int count(org.apache.kafka.streams.state.KeyValueStore<String, Video> store) {
        int n = 0;
        try (var it = store.all()) {
            while (it.hasNext()) {
                it.next();
                n++;
            }
        }
        return n;
    }

    @Test
    void aVideoRemovedAndIngestedAgainWaitsForItsNewTranscriptsToEnd() {
        try (TopologyTestDriver driver = driver()) {
            transcripts(driver).pipeInput(VIDEO, end());
            videos(driver).pipeInput(VIDEO, (Video) null);
            videos(driver).pipeInput(VIDEO, video());
            assertEquals(Map.of(), listed(driver), "the tombstone forgot the old end");
        }
    }

    private static TestInputTopic<String, Video> videos(TopologyTestDriver driver) {
        return driver.createInputTopic(Topics.VIDEOS.name(), Topics.VIDEOS.keySerde().serializer(), Topics.VIDEOS.valueSerde().serializer());
    }

    private static TestInputTopic<String, Transcript> transcripts(TopologyTestDriver driver) {
        return driver.createInputTopic(Topics.TRANSCRIPTS.name(), Topics.TRANSCRIPTS.keySerde().serializer(),
                Topics.TRANSCRIPTS.valueSerde().serializer());
    }
}
