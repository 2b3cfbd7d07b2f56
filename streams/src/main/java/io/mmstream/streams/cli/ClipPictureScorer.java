package io.mmstream.streams.cli;

import io.mmstream.frames.RgbFrame;
import io.mmstream.index.text.TextEncoder;
import io.mmstream.models.clip.ClipModel;
import io.mmstream.models.generative.PictureScorer;
import io.mmstream.models.videobert.ModelStore;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The current image CLIP of a data dir as a {@link PictureScorer}: a prompt's sentence vector from the
 * frozen text encoder (MiniLM), each picture's cosine with it. Generated samples are ranked by it.
 */
final class ClipPictureScorer implements PictureScorer, AutoCloseable {

    /** What to tell a user who has no image CLIP. */
    static final String HOW_TO_TRAIN = "mmstream pretrain --model clip --input images";

    private final ClipModel clip;
    private final TextEncoder encoder;
    private final String version;
    private final Map<String, float[]> sentences = new HashMap<>();

    private ClipPictureScorer(ClipModel clip, TextEncoder encoder, String version) {
        this.clip = clip;
        this.encoder = encoder;
        this.version = version;
    }

    /** The current image CLIP under {@code dataDir}, or null when none has been trained. */
    static ClipPictureScorer current(Path dataDir, java.util.function.Supplier<TextEncoder> encoder) throws Exception {
        ModelStore store = ClipPretrain.imageStore(dataDir);
        String version = store.current();
        if (version == null) {
            return null;
        }
        return new ClipPictureScorer(ClipModel.load(store.modelFolder(version)), encoder.get(), version);
    }

    @Override
    public float[] scores(List<RgbFrame> pictures, String prompt) {
        return clip.pictureScores(pictures, sentences.computeIfAbsent(prompt, encoder::encode));
    }

    /** The CLIP version scoring. */
    String version() {
        return version;
    }

    @Override
    public void close() {
        clip.close();
    }
}
