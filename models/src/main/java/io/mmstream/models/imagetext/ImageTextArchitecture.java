package io.mmstream.models.imagetext;

import io.mmstream.models.imagetext.Objectives.Negatives;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The region-based image-text architectures, by name: how each embeds its regions, what its input
 * holds, how its encoder joins words and regions, and what it is trained to do. The single-stream ones
 * share one {@link ImageTextEncoder}, the two-stream ones one {@link TwoStreamEncoder}, all of them
 * VideoBERT's layers.
 */
public enum ImageTextArchitecture {

    VISUALBERT("visualbert", "one stream over words and region features; masked language modelling with the image,"
            + " and two captions, one true (sentence-image prediction)", RegionStyle.FEATURES, false, false,
            new Objectives(0.15, 0, false, Negatives.CAPTION, 0.5, false, false, false, false, false)),
    VL_BERT("vl-bert", "one stream with a whole-image token, regions without order, the visual feature embedding added to"
            + " every token; masked language modelling with visual clues and masked RoI classification",
            RegionStyle.FEATURES_PLUS_GEOMETRY, true, false,
            new Objectives(0.15, 0.15, false, Negatives.NONE, 0, true, false, false, false, false)),
    UNICODER_VL("unicoder-vl", "geometry through a linear layer added to region features; masked language modelling, masked"
            + " object classification and visual-linguistic matching", RegionStyle.GEOMETRY_INTO_FEATURES, false, false,
            new Objectives(0.15, 0.15, false, Negatives.CAPTION, 0.5, true, false, false, false, false)),
    UNITER("uniter", "conditional masking: masked language and region modelling (feature regression, classification and"
            + " its KL form), image-text matching, word-region alignment by optimal transport", RegionStyle.NORMALISED_SUM,
            false, false, new Objectives(0.15, 0.15, true, Negatives.CAPTION, 0.5, true, true, true, true, false)),
    OSCAR("oscar", "(words, tags, regions) triples, tags from the region classes; masked token loss over words and tags,"
            + " contrastive loss on polluted tag sequences", RegionStyle.FEATURES_PLUS_GEOMETRY, false, true,
            new Objectives(0.15, 0, false, Negatives.TAGS, 0.5, false, false, false, false, false)),
    UNIFIED_VLP("unified-vlp", "one encoder, bidirectional and sequence-to-sequence (left-to-right) masks over the same weights;"
            + " captions by beam search", RegionStyle.FEATURES_PLUS_GEOMETRY, false, false,
            new Objectives(0.15, 0, false, Negatives.NONE, 0, false, false, false, false, true)),
    VILBERT("vilbert", "two streams, words and regions, joined by co-attentional layers (each stream's queries over the"
            + " other's keys and values); masked multimodal modelling (words, and region class distributions by KL) and"
            + " multimodal alignment", RegionStyle.GEOMETRY_INTO_FEATURES, false, false,
            new Objectives(0.15, 0.15, false, Negatives.CAPTION, 0.5, false, false, true, false, false), StreamLayout.CO_ATTENTION),
    LXMERT("lxmert", "language (9 layers), object-relationship (5) and cross-modality (5) encoders at full size; masked language"
            + " modelling, masked object prediction by feature regression and by label classification, cross-modality matching,"
            + " question answering", RegionStyle.NORMALISED_SUM, false, false,
            new Objectives(0.15, 0.15, false, Negatives.CAPTION, 0.5, true, true, false, false, false, false,
                    List.of(Task.QUESTION_ANSWERING)), StreamLayout.CROSS_MODALITY),
    TWELVE_IN_ONE("12-in-1", "one ViLBERT trunk and task heads trained together on a round-robin schedule: retrieval (alignment),"
            + " question answering, referring expressions, image-text verification; regions overlapping a masked one (IoU > 0.4)"
            + " masked too, no masked-modelling loss on negative pairs", RegionStyle.GEOMETRY_INTO_FEATURES, false, false,
            new Objectives(0.15, 0.15, false, Negatives.CAPTION, 0.5, false, false, true, false, false, true,
                    List.of(Task.QUESTION_ANSWERING, Task.REFERRING, Task.VERIFICATION)), StreamLayout.CO_ATTENTION);

    private final String id;
    private final String description;
    private final RegionStyle regionStyle;
    private final boolean imageFeatureOnWords;
    private final boolean tags;
    private final Objectives objectives;
    private final StreamLayout streams;

    ImageTextArchitecture(String id, String description, RegionStyle regionStyle, boolean imageFeatureOnWords, boolean tags,
            Objectives objectives) {
        this(id, description, regionStyle, imageFeatureOnWords, tags, objectives, StreamLayout.SINGLE);
    }

    ImageTextArchitecture(String id, String description, RegionStyle regionStyle, boolean imageFeatureOnWords, boolean tags,
            Objectives objectives, StreamLayout streams) {
        this.streams = streams;
        this.id = id;
        this.description = description;
        this.regionStyle = regionStyle;
        this.imageFeatureOnWords = imageFeatureOnWords;
        this.tags = tags;
        this.objectives = objectives;
    }

    /** The name the CLI knows it by ({@code visualbert}, {@code vl-bert}, ...). */
    public String id() {
        return id;
    }

    public String description() {
        return description;
    }

    public RegionStyle regionStyle() {
        return regionStyle;
    }

    /** VL-BERT: the whole image's projected features are added to every word's embedding. */
    public boolean imageFeatureOnWords() {
        return imageFeatureOnWords;
    }

    /** Oscar: the region classes enter as tag tokens between the words and the regions. */
    public boolean tags() {
        return tags;
    }

    /** One stream over words and regions, or two joined by co-attention or cross-modality layers. */
    public StreamLayout streams() {
        return streams;
    }

    public Objectives objectives() {
        return objectives;
    }

    /** Unified VLP generates captions. */
    public boolean generates() {
        return objectives.sequenceToSequence();
    }

    /** The architecture called {@code name}; {@link IllegalArgumentException} naming the known ones otherwise. */
    public static ImageTextArchitecture named(String name) {
        String wanted = name.toLowerCase(Locale.ROOT);
        for (ImageTextArchitecture a : values()) {
            if (a.id.equals(wanted)) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown image-text model '" + name + "' (known: " + String.join(", ", ids()) + ")");
    }

    /** Whether {@code name} is an image-text architecture. */
    public static boolean isOne(String name) {
        return Arrays.stream(values()).anyMatch(a -> a.id.equals(name.toLowerCase(Locale.ROOT)));
    }

    /** Every architecture's name. */
    public static List<String> ids() {
        return Arrays.stream(values()).map(ImageTextArchitecture::id).toList();
    }
}
