package io.mmstream.models.imagetext;

import io.mmstream.models.imagetext.Objectives.Negatives;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The single-stream image-text architectures, by name: how each embeds its regions, what its input
 * holds, and what it is pretrained to do. All share one {@link ImageTextEncoder}.
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
            new Objectives(0.15, 0, false, Negatives.NONE, 0, false, false, false, false, true));

    private final String id;
    private final String description;
    private final RegionStyle regionStyle;
    private final boolean imageFeatureOnWords;
    private final boolean tags;
    private final Objectives objectives;

    ImageTextArchitecture(String id, String description, RegionStyle regionStyle, boolean imageFeatureOnWords, boolean tags,
            Objectives objectives) {
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
