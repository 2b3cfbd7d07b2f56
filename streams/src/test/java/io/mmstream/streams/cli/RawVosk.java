package io.mmstream.streams.cli;

import io.mmstream.asr.Transcriber;
import io.mmstream.asr.Utterance;
import io.mmstream.asr.VoskModels;
import io.mmstream.asr.VoskTranscriber;
import io.mmstream.ingest.AudioChunk;
import io.mmstream.ingest.DecodeOptions;
import io.mmstream.ingest.MediaDecoder;
import io.mmstream.ingest.MediaSink;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The reference for what the captioning path should hear: the same audio chunks FFmpeg gives the
 * pipeline, fed straight to Vosk with the model view {@code captions} uses, without Kafka.
 */
final class RawVosk {

    private RawVosk() {}

    /** The final words Vosk hears in {@code media}'s audio, joined by spaces. */
    static String heard(Path media, Path cacheDir) throws Exception {
        List<AudioChunk> chunks = new ArrayList<>();
        new MediaDecoder(DecodeOptions.audioOnly(), () -> false).decode(media.toString(), new MediaSink() {
            @Override
            public void audio(AudioChunk chunk) {
                chunks.add(chunk);
            }
        });
        StringBuilder text = new StringBuilder();
        var model = VoskModels.load(VoskModels.forFiles(VoskModels.smallEnglish(cacheDir), cacheDir));
        try (Transcriber vosk = new VoskTranscriber(model, false)) {
            for (AudioChunk c : chunks) {
                vosk.accept(c.startUs(), c.pcm(), c.pcm().length).filter(Utterance::isFinal)
                        .ifPresent(u -> text.append(u.text()).append(' '));
            }
            vosk.finish().ifPresent(u -> text.append(u.text()));
        }
        return text.toString().strip();
    }
}
