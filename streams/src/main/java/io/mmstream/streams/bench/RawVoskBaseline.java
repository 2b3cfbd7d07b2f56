package io.mmstream.streams.bench;

import io.mmstream.asr.Transcriber;
import io.mmstream.asr.Utterance;
import io.mmstream.asr.VoskModels;
import io.mmstream.asr.VoskTranscriber;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The reference for captioning overhead: Vosk fed a file of 16 kHz mono s16le PCM in one loop, in
 * 200 ms chunks (as {@code mm.audio} carries them), with word times and no partial results, through
 * the same model view ({@link VoskModels#forFiles}): exactly the recognition work {@code mmstream
 * captions} and {@code index} do, and nothing else around it.
 *
 * <p>Usage: {@code RawVoskBaseline PCM_FILE CACHE_DIR [FRAMES_PER_CHUNK]}; the last, to compare, runs the
 * acoustic network over that many frames at once instead. Prints the recognised text to stdout and
 * {@code seconds=...} (model load included) and {@code decode_s=...} (recognition alone) to stderr.
 */
public final class RawVoskBaseline {

    private RawVoskBaseline() {}

    public static void main(String[] args) throws Exception {
        long start = System.nanoTime();
        Path pcm = Path.of(args[0]);
        Path cache = Path.of(args[1]);
        Path english = VoskModels.smallEnglish(cache);
        var model = VoskModels.load(args.length > 2
                ? VoskModels.withFramesPerChunk(english, cache, Integer.parseInt(args[2]))
                : VoskModels.forFiles(english, cache));
        long loaded = System.nanoTime();
        StringBuilder text = new StringBuilder();
        byte[] chunk = new byte[6400];
        long offset = 0;
        try (InputStream in = Files.newInputStream(pcm); Transcriber t = new VoskTranscriber(model, false)) {
            int n;
            while ((n = in.readNBytes(chunk, 0, chunk.length)) > 0) {
                long startUs = offset / 2 * 1_000_000L / 16_000;
                t.accept(startUs, chunk, n).filter(Utterance::isFinal)
                        .ifPresent(u -> text.append(u.text()).append('\n'));
                offset += n;
            }
            t.finish().ifPresent(u -> text.append(u.text()).append('\n'));
        }
        System.out.print(text);
        long end = System.nanoTime();
        System.err.printf(Locale.ROOT, "seconds=%.3f decode_s=%.3f audio_s=%.1f%n", (end - start) / 1e9, (end - loaded) / 1e9,
                offset / 32_000.0);
    }
}
