package io.mmstream.models.clip;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;

/**
 * Pairs as the arrays the {@link DualEncoder} takes: clips padded (and masked) to the longest segment, cut at maxClips;
 * pictures as their patches.
 */
final class ClipBatch {

    private ClipBatch() {}

    static NDList texts(List<float[]> texts, NDManager manager) {
        float[] flat = new float[texts.size() * texts.get(0).length];
        for (int i = 0; i < texts.size(); i++) {
            System.arraycopy(texts.get(i), 0, flat, i * texts.get(0).length, texts.get(0).length);
        }
        return new NDList(manager.create(flat, new Shape(texts.size(), texts.get(0).length)));
    }

    static NDList videos(List<ClipPair.Clips> videos, DualEncoderConfig config, NDManager manager) {
        int n = Math.min(config.maxClips(), videos.stream().mapToInt(v -> v.words().length).max().orElse(1));
        int f = config.featureDimension();
        float[] features = new float[videos.size() * n * f];
        int[] words = new int[videos.size() * n];
        float[] mask = new float[videos.size() * n];
        for (int b = 0; b < videos.size(); b++) {
            ClipPair.Clips v = videos.get(b);
            for (int c = 0; c < Math.min(n, v.words().length); c++) {
                float[] clip = v.features().get(c);
                if (clip.length != f) {
                    throw new IllegalArgumentException("a clip of " + clip.length + " features, the model takes " + f);
                }
                System.arraycopy(clip, 0, features, (b * n + c) * f, f);
                words[b * n + c] = Math.max(0, Math.min(config.visualWords(), v.words()[c]));
                mask[b * n + c] = 1f;
            }
        }
        NDArray fs = manager.create(features, new Shape(videos.size(), n, f));
        NDArray ws = manager.create(words, new Shape(videos.size(), n));
        NDArray ms = manager.create(mask, new Shape(videos.size(), n));
        return new NDList(fs, ws, ms);
    }

    /** Pictures cut into patches ({@link PicturePixels}) as one (B, patches, patchLength) array. */
    static NDList pictures(List<float[]> patches, ImageTowerConfig config, NDManager manager) {
        int length = config.patches() * config.patchLength();
        float[] flat = new float[patches.size() * length];
        for (int i = 0; i < patches.size(); i++) {
            if (patches.get(i).length != length) {
                throw new IllegalArgumentException("a picture of " + patches.get(i).length + " patch values, the tower takes " + length);
            }
            System.arraycopy(patches.get(i), 0, flat, i * length, length);
        }
        return new NDList(manager.create(flat, new Shape(patches.size(), config.patches(), config.patchLength())));
    }

    static NDList of(List<ClipPair> pairs, DualEncoderConfig config, NDManager manager) {
        NDList inputs = texts(pairs.stream().map(ClipPair::text).toList(), manager);
        inputs.addAll(videos(pairs.stream().map(ClipPair::video).toList(), config, manager));
        return inputs;
    }
}
