package io.mmstream.asr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vosk.Model;

/** The real small English model on real recorded speech (Debian's pocketsphinx-testdata LibriVox utterances). */
class VoskTranscriberIT {

    private static final Path LIBRIVOX = Path.of("/usr/share/pocketsphinx/test/data/librivox");
    private static Model model;

    @BeforeAll
    static void loadModel() {
        assertTrue(Files.isDirectory(LIBRIVOX), "install Debian's pocketsphinx-testdata (the .ci/run script does)");
        model = VoskModels.load(VoskModels.smallEnglish(Path.of("target/vosk-cache")));
    }

    /** Reference transcriptions by utterance id. */
    private static Map<String, String> references() throws IOException {
        Map<String, String> refs = new LinkedHashMap<>();
        for (String line : Files.readAllLines(LIBRIVOX.resolve("transcription"))) {
            int open = line.lastIndexOf('(');
            String text = line.substring(0, open).replace("<s>", "").replace("</s>", "").strip();
            refs.put(line.substring(open + 1, line.lastIndexOf(')')), text);
        }
        return refs;
    }

    private static byte[] pcm(Path wav) throws Exception {
        try (AudioInputStream in = AudioSystem.getAudioInputStream(wav.toFile())) {
            AudioFormat f = in.getFormat();
            assertEquals(16_000f, f.getSampleRate());
            assertEquals(1, f.getChannels());
            assertEquals(16, f.getSampleSizeInBits());
            assertFalse(f.isBigEndian());
            return in.readAllBytes();
        }
    }

    /** Feeds {@code pcm} in 200 ms chunks, as the audio topic carries it. */
    private static List<Utterance> transcribe(byte[] pcm) {
        return transcribe(pcm, true);
    }

    private static List<Utterance> transcribe(byte[] pcm, boolean partials) {
        return transcribe(model, pcm, partials);
    }

    private static List<Utterance> transcribe(Model model, byte[] pcm, boolean partials) {
        List<Utterance> out = new ArrayList<>();
        try (Transcriber t = new VoskTranscriber(model, partials)) {
            for (int off = 0; off < pcm.length; off += 6400) {
                int n = Math.min(6400, pcm.length - off);
                byte[] chunk = java.util.Arrays.copyOfRange(pcm, off, off + n);
                t.accept(1_000_000L + off / 2 * 1_000_000L / 16_000, chunk, n).ifPresent(out::add);
            }
            t.finish().ifPresent(out::add);
        }
        return out;
    }

    /** The WER of {@code model}'s final results over Debian's LibriVox recordings. */
    private static double librivoxWer(Model model) throws Exception {
        StringBuilder ref = new StringBuilder();
        StringBuilder hyp = new StringBuilder();
        for (Map.Entry<String, String> e : references().entrySet()) {
            List<Utterance> heard = transcribe(model, pcm(LIBRIVOX.resolve(e.getKey() + ".wav")), true);
            ref.append(e.getValue()).append(' ');
            heard.stream().filter(Utterance::isFinal).forEach(u -> hyp.append(u.text()).append(' '));
        }
        double wer = WordErrorRate.of(ref.toString(), hyp.toString());
        assertTrue(wer <= 0.15, "WER " + wer + "\nref: " + ref + "\nhyp: " + hyp);
        return wer;
    }

    @Test
    void recordedSpeechIsRecognisedWithinFifteenPercentWer() throws Exception {
        librivoxWer(model);
    }

    @Test
    void theViewForFilesComputesLargerChunksAndHearsAsWell() throws Exception {
        Path cache = Path.of("target/vosk-cache");
        Path files = VoskModels.forFiles(VoskModels.smallEnglish(cache), cache);
        assertTrue(Files.readAllLines(files.resolve("conf/model.conf")).contains("--frames-per-chunk=" + VoskModels.FILE_FRAMES_PER_CHUNK));
        double own = librivoxWer(model);
        double view = librivoxWer(VoskModels.load(files));
        // utterances end at chunk boundaries, so a word or two at the cuts may change; more would be a loss
        assertTrue(view - own <= 0.015, "WER " + view + " with 99-frame chunks, " + own + " with the model's own"
                + " (at most 2 words of the set's 142 more)");
    }

    @Test
    void wordsCarryMediaTimesConfidenceAndPartialsComeFirst() throws Exception {
        byte[] pcm = pcm(LIBRIVOX.resolve("sense_and_sensibility_01_austen_64kb-0880.wav"));
        List<Utterance> heard = transcribe(pcm);
        assertFalse(heard.get(0).isFinal(), "a partial precedes the final result");
        Utterance last = heard.get(heard.size() - 1);
        assertTrue(last.isFinal());
        long audioEnd = 1_000_000L + pcm.length / 2 * 1_000_000L / 16_000;
        long previousEnd = 0;
        assertFalse(last.words().isEmpty(), "the final result has its words");
        for (Word w : last.words()) {
            assertTrue(w.startUs() >= 1_000_000 && w.endUs() <= audioEnd, "times offset to media time: " + w);
            assertTrue(w.startUs() >= previousEnd && w.endUs() > w.startUs(), "ordered: " + w);
            assertTrue(w.confidence() > 0 && w.confidence() <= 1, w.toString());
            previousEnd = w.endUs();
        }
    }

    @Test
    void withoutPartialsOnlyTheSameFinalsComeOut() throws Exception {
        byte[] pcm = pcm(LIBRIVOX.resolve("sense_and_sensibility_01_austen_64kb-0890.wav"));
        List<Utterance> finalsOnly = transcribe(pcm, false);
        assertFalse(finalsOnly.isEmpty(), "the recording is heard");
        assertTrue(finalsOnly.stream().allMatch(Utterance::isFinal));
        assertEquals(transcribe(pcm, true).stream().filter(Utterance::isFinal).map(Utterance::text).toList(),
                finalsOnly.stream().map(Utterance::text).toList());
    }
}
