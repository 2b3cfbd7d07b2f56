package io.mmstream.models.generative;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;

/**
 * The discrete VAE's encoder: two stride-2 convolutions take a picture (B, 3, S, S) down to the grid
 * (S/4), a 3 x 3 convolution mixes neighbours, and a 1 x 1 convolution gives logits over the K codes per
 * cell: (B, K, S/4, S/4).
 */
final class VaeEncoder {

    private VaeEncoder() {}

    static SequentialBlock of(VaeConfig config) {
        int c = config.channels();
        return new SequentialBlock()
                .add(conv(c, 4, 2, 1)).add(Activation.reluBlock())
                .add(conv(c, 4, 2, 1)).add(Activation.reluBlock())
                .add(conv(c, 3, 1, 1)).add(Activation.reluBlock())
                .add(conv(config.codes(), 1, 1, 0));
    }

    static Conv2d conv(int filters, int kernel, int stride, int padding) {
        return Conv2d.builder().setFilters(filters).setKernelShape(new Shape(kernel, kernel)).optStride(new Shape(stride, stride))
                .optPadding(new Shape(padding, padding)).build();
    }
}
