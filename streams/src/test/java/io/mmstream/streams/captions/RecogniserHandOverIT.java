package io.mmstream.streams.captions;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mmstream.asr.VoskModels;
import io.mmstream.asr.VoskTranscriber;
import io.mmstream.asr.WordErrorRate;
import io.mmstream.ingest.DecodeOptions;
import io.mmstream.ingest.Fixtures;
import io.mmstream.ingest.MediaDecoder;
import io.mmstream.ingest.MediaSink;
import io.mmstream.streams.kafka.KafkaCluster;
import io.mmstream.streams.kafka.RecordSender;
import io.mmstream.streams.kafka.StreamsApp;
import io.mmstream.streams.kafka.TopicReader;
import io.mmstream.streams.records.AudioChunk;
import io.mmstream.streams.records.Transcript;
import io.mmstream.streams.topics.Topics;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vosk.Model;

/**
 * A video's recognition moves from one instance to another in the middle of an utterance (as when a
 * command on the data dir ends while another one's video is being recognised): the instance taking
 * over reads the utterance's audio back from {@code mm.audio}, so no word is lost, on a real broker
 * with the real model.
 */
class RecogniserHandOverIT {

    @TempDir
    Path work;

    @Test
    void theRecogniserTakingOverMidUtteranceHearsItFromItsStart() throws Exception {
        List<io.mmstream.ingest.AudioChunk> chunks = new ArrayList<>();
        new MediaDecoder(DecodeOptions.audioOnly(), () -> false).decode(Fixtures.media("audio-only.ogg").toString(), new MediaSink() {
            @Override
            public void audio(io.mmstream.ingest.AudioChunk chunk) {
                chunks.add(chunk);
            }
        });
        // the utterance runs from 0.74 s to 7.3 s: cut it at 3 s, in the middle of "had then leisure"
        int cut = (int) chunks.stream().filter(c -> c.startUs() < 3_000_000).count();
        Model model = VoskModels.load(VoskModels.smallEnglish(work.resolve("cache")));
        try (KafkaCluster cluster = KafkaCluster.open(null, work.resolve("data"));
                RecordSender sender = new RecordSender(cluster.producerConfig("test", "lz4", 1024 * 1024))) {
            cluster.ensureTopics(Topics.all());
            StreamsApp first = start(cluster, model, work.resolve("first"));
            for (io.mmstream.ingest.AudioChunk c : chunks.subList(0, cut)) {
                sender.send(Topics.AUDIO, "talk", record(c.startUs(), c.pcm(), false));
            }
            sender.flush();
            try (var admin = cluster.admin()) {
                first.awaitCaughtUp(admin, Topics.AUDIO.name(), Duration.ofSeconds(60));
            }
            assertTrue(finals(cluster).isEmpty(), "no final result yet: the cut is mid-utterance");
            first.close(); // its recogniser, and what it had heard, go with it

            StreamsApp second = start(cluster, model, work.resolve("second"));
            for (io.mmstream.ingest.AudioChunk c : chunks.subList(cut, chunks.size())) {
                sender.send(Topics.AUDIO, "talk", record(c.startUs(), c.pcm(), false));
            }
            sender.send(Topics.AUDIO, "talk", record(chunks.get(chunks.size() - 1).startUs() + 200_000, new byte[0], true));
            sender.flush();
            try (var admin = cluster.admin()) {
                second.awaitCaughtUp(admin, Topics.AUDIO.name(), Duration.ofSeconds(60));
            }
            second.close();

            List<Transcript> finals = finals(cluster);
            String heard = finals.stream().map(Transcript::getText).collect(Collectors.joining(" "));
            String reference = Files.readAllLines(Fixtures.sample("dashwood.segments.tsv")).get(1).split("\t")[2];
            double wer = WordErrorRate.of(reference, heard);
            assertTrue(wer <= 0.15, "WER " + wer + ": " + heard);
            assertTrue(heard.startsWith("and mister john"), "the words before the hand-over are there: " + heard);
            assertTrue(finals.get(0).getStartUs() < 1_000_000, "the first word keeps its time, not the cut's: " + finals.get(0));
        }
    }

    private static StreamsApp start(KafkaCluster cluster, Model model, Path stateDir) throws InterruptedException {
        return StreamsApp.start("captioning", CaptionTopology.topology(() -> new VoskTranscriber(model, false),
                CaptionTopology.Mode.FILE, cluster.readerConfig("rewind")),
                CaptionTopology.streamsConfig(cluster.bootstrapServers(), stateDir, "exactly_once_v2"), Duration.ofSeconds(90));
    }

    private static AudioChunk record(long startUs, byte[] pcm, boolean last) {
        return AudioChunk.newBuilder().setVideoId("talk").setStartUs(startUs).setPcm(ByteBuffer.wrap(pcm)).setLast(last).build();
    }

    private static List<Transcript> finals(KafkaCluster cluster) {
        return TopicReader.readAll(cluster, Topics.TRANSCRIPTS).stream().map(ConsumerRecord::value)
                .filter(t -> t.getIsFinal() && !t.getEndOfStream()).toList();
    }
}
