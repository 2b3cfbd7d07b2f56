package io.mmstream.streams.cli;

import io.mmstream.frames.RgbFrame;
import io.mmstream.ingest.imagetext.DecodedImage;
import io.mmstream.ingest.imagetext.ImageDecoder;
import io.mmstream.ingest.imagetext.ImageTextOptions;
import io.mmstream.ingest.imagetext.ItemProblem;
import io.mmstream.models.generative.GenerativeArchitecture;
import io.mmstream.models.generative.GenerativeModel;
import io.mmstream.models.generative.PicturePixels;
import io.mmstream.models.videobert.ModelStore;
import io.mmstream.tokenizer.text.WordPieceTokenizer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** {@code models caption --model m6 IMAGE...}: the current M6's greedy caption of each picture. */
final class M6Captions {

    private M6Captions() {}

    static int caption(Path dataDir, List<Path> images, PrintWriter out, PrintWriter err) throws Exception {
        ModelStore store = GenerativePretrain.store(dataDir, GenerativeArchitecture.M6);
        String version = store.current();
        if (version == null) {
            err.println("models caption: no trained m6 yet (mmstream pretrain --model m6)");
            return 1;
        }
        int failures = 0;
        ImageDecoder decoder = new ImageDecoder(ImageTextOptions.defaults());
        try (GenerativeModel model = GenerativeModel.load(store.modelFolder(version));
                WordPieceTokenizer wordPieces = WordPieceTokenizer.bertUncased(dataDir.resolve("cache"))) {
            int size = model.vae().config().pictureSize();
            for (Path image : images) {
                DecodedImage decoded;
                try {
                    decoded = decoder.decode(Files.readAllBytes(image));
                } catch (IOException | ItemProblem e) {
                    err.println(image + ": " + e.getMessage());
                    failures++;
                    continue;
                }
                float[] pixels = PicturePixels.of(new RgbFrame(0, decoded.width(), decoded.height(), decoded.rgb()), size);
                out.println(image + ": " + wordPieces.decode(model.caption(List.of(pixels)).get(0)));
                out.flush();
            }
        }
        return failures == 0 ? 0 : 1;
    }
}
