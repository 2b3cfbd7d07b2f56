package io.mmstream.models.generative;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;

/**
 * The discrete VAE's decoder: from the grid of code book embeddings (B, d, G, G), two 3 x 3
 * convolutions, then twice a nearest-neighbour doubling followed by a 3 x 3 convolution (DJL's PyTorch
 * engine has no transposed convolution), giving per-pixel logits (B, 3, 4G, 4G) that a sigmoid turns into
 * intensities in [0, 1].
 */
final class VaeDecoder {

    private VaeDecoder() {}

    static SequentialBlock of(VaeConfig config) {
        int c = config.channels();
        return new SequentialBlock()
                .add(VaeEncoder.conv(c, 3, 1, 1)).add(Activation.reluBlock())
                .add(VaeEncoder.conv(c, 3, 1, 1)).add(Activation.reluBlock())
                .add(VaeDecoder::doubled).add(VaeEncoder.conv(c, 3, 1, 1)).add(Activation.reluBlock())
                .add(VaeDecoder::doubled).add(VaeEncoder.conv(3, 3, 1, 1));
    }

    /** Each pixel of (B, C, H, W) repeated 2 x 2: (B, C, 2H, 2W). */
    static NDList doubled(NDList inputs) {
        NDArray x = inputs.singletonOrThrow();
        Shape s = x.getShape();
        long b = s.get(0);
        long c = s.get(1);
        long h = s.get(2);
        long w = s.get(3);
        NDArray repeated = x.reshape(b, c, h, 1, w, 1).broadcast(new Shape(b, c, h, 2, w, 2));
        return new NDList(repeated.reshape(b, c, 2 * h, 2 * w));
    }
}
