package io.mmstream.streams.bench;

import io.mmstream.asr.Transcriber;
import io.mmstream.asr.VoskModels;
import io.mmstream.asr.VoskTranscriber;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Whether Vosk alone grows over hours of audio: one recogniser, as a live stream has, fed a PCM file
 * (16 kHz mono s16le) again and again in 100 ms chunks with partial results on (the live setting),
 * as fast as it recognises; prints the process's resident memory every ten minutes of audio.
 *
 * <p>Usage: {@code VoskLongRun PCM_FILE CACHE_DIR AUDIO_MINUTES}.
 */
public final class VoskLongRun {

    private VoskLongRun() {}

    public static void main(String[] args) throws Exception {
        byte[] pcm = Files.readAllBytes(Path.of(args[0]));
        Path cache = Path.of(args[1]);
        long minutes = Long.parseLong(args[2]);
        var model = VoskModels.load(VoskModels.withShorterEndpoints(VoskModels.smallEnglish(cache), cache, 0.6));
        long totalBytes = minutes * 60 * 32_000;
        long fed = 0;
        long finals = 0;
        long nextReport = 0;
        long start = System.nanoTime();
        try (Transcriber t = new VoskTranscriber(model, true)) {
            while (fed < totalBytes) {
                for (int at = 0; at + 3_200 <= pcm.length && fed < totalBytes; at += 3_200) {
                    byte[] chunk = java.util.Arrays.copyOfRange(pcm, at, at + 3_200);
                    finals += t.accept(fed / 32, chunk, chunk.length).filter(u -> u.isFinal()).isPresent() ? 1 : 0;
                    fed += chunk.length;
                    if (fed >= nextReport) {
                        System.out.printf(Locale.ROOT, "%d\t%d\t%d\t%.0f%n", fed / 32_000 / 60, rssMb(), finals, (System.nanoTime() - start) / 1e9);
                        nextReport += 10L * 60 * 32_000;
                    }
                }
            }
        }
        System.out.printf(Locale.ROOT, "%d\t%d\t%d\t%.0f%n", fed / 32_000 / 60, rssMb(), finals, (System.nanoTime() - start) / 1e9);
    }

    private static long rssMb() throws java.io.IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
            }
        }
        return -1;
    }
}
