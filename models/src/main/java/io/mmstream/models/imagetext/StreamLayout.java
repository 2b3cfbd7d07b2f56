package io.mmstream.models.imagetext;

import io.mmstream.models.videobert.VideoBertConfig;

/**
 * How an architecture's encoder joins words and regions: one stream over both (VisualBERT and the other
 * single-stream models), or a text stream and a region stream joined by ViLBERT's co-attention layers or
 * by LXMERT's cross-modality layers.
 */
public enum StreamLayout {
    /** One encoder over words and regions together. */
    SINGLE,
    /** ViLBERT: text-only layers, then co-attention layers each followed by a layer per stream. */
    CO_ATTENTION,
    /** LXMERT: a language encoder, an object-relationship encoder, then cross-modality layers. */
    CROSS_MODALITY;

    /**
     * Layers of each part of a two-stream encoder.
     *
     * @param text layers over the words alone
     * @param regions layers over the regions alone
     * @param cross layers exchanging between the streams (each with one layer per stream after it)
     */
    public record Depths(int text, int regions, int cross) {}

    /**
     * The depths at the encoder's size. LXMERT at full size (12 layers or more: base, large) is 9 language,
     * 5 object and 5 cross-modality layers, as published; smaller sizes scale it down. ViLBERT's text stream
     * has half its layers alone and half beside the co-attention layers; its region stream only the latter.
     */
    public Depths depths(VideoBertConfig encoder) {
        int layers = encoder.layers();
        return switch (this) {
            case SINGLE -> new Depths(0, 0, 0);
            case CO_ATTENTION -> new Depths(layers / 2, 0, Math.max(1, layers / 2));
            case CROSS_MODALITY -> layers >= 12 ? new Depths(9, 5, 5)
                    : new Depths(Math.max(1, layers * 3 / 4), Math.max(1, layers / 2), Math.max(1, layers / 2));
        };
    }
}
