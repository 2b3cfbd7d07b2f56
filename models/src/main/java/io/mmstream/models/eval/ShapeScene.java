package io.mmstream.models.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * What one picture of {@link ShapesCaptionSet} shows, structured: one or two groups of like shapes (same
 * kind, same colour) and where they are, either a place in the picture ("at the top") or one group's
 * place relative to the other ("left of", "above"). The caption is composed from it, so questions, answers
 * and zero-shot labels can be derived from the same record.
 *
 * @param placement where the groups are
 * @param groups one group for a place in the picture, two (subject first) for a relation
 */
public record ShapeScene(Placement placement, List<Group> groups) {

    /** A kind of shape drawn. */
    public enum Shape {
        CIRCLE, SQUARE, TRIANGLE;

        /** Its name, plural when {@code count > 1}. */
        public String word(int count) {
            String word = name().toLowerCase(Locale.ROOT);
            return count > 1 ? word + "s" : word;
        }
    }

    /** A colour shapes are filled with, and its RGB. */
    public enum Colour {
        RED(0xDC2828), GREEN(0x28A03C), BLUE(0x2850DC), YELLOW(0xF0C814);

        private final int rgb;

        Colour(int rgb) {
            this.rgb = rgb;
        }

        /** 0xRRGGBB. */
        public int rgb() {
            return rgb;
        }

        /** Its name in a caption. */
        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Where the shapes are: a side of the picture for one group, or the first group's place relative to the second. */
    public enum Placement {
        LEFT("on the left"), RIGHT("on the right"), TOP("at the top"), BOTTOM("at the bottom"),
        LEFT_OF("left of"), ABOVE("above");

        private final String phrase;

        Placement(String phrase) {
            this.phrase = phrase;
        }

        /** How a caption says it. */
        public String phrase() {
            return phrase;
        }

        /** Whether it relates two groups rather than placing one in the picture. */
        public boolean relation() {
            return this == LEFT_OF || this == ABOVE;
        }
    }

    /** {@code count} shapes of one kind and colour. */
    public record Group(int count, Colour colour, Shape shape) {
        /** "a red circle", "two blue squares". */
        public String phrase() {
            String number = switch (count) {
                case 1 -> "a";
                case 2 -> "two";
                case 3 -> "three";
                default -> throw new IllegalStateException("a group holds 1 to 3 shapes, not " + count);
            };
            return number + " " + colour.word() + " " + shape.word(count);
        }

        /** The group a phrase such as "two blue squares" names; empty when it names none. */
        static java.util.Optional<Group> parse(String phrase) {
            String[] words = phrase.strip().split(" ");
            if (words.length != 3) {
                return java.util.Optional.empty();
            }
            int count = switch (words[0]) {
                case "a" -> 1;
                case "two" -> 2;
                case "three" -> 3;
                default -> 0;
            };
            for (Colour c : Colour.values()) {
                for (Shape s : Shape.values()) {
                    if (count > 0 && c.word().equals(words[1]) && s.word(count).equals(words[2])) {
                        return java.util.Optional.of(new Group(count, c, s));
                    }
                }
            }
            return java.util.Optional.empty();
        }
    }

    public ShapeScene {
        groups = List.copyOf(groups);
        if (groups.size() != (placement.relation() ? 2 : 1)) {
            throw new IllegalArgumentException(placement + " takes " + (placement.relation() ? 2 : 1) + " groups, not " + groups.size());
        }
        if (shapeCount(groups) > 3) {
            throw new IllegalArgumentException("at most 3 shapes in a picture");
        }
    }

    /** The caption: "a yellow triangle at the top", "two red circles left of a blue square". */
    public String caption() {
        return placement.relation() ? groups.get(0).phrase() + " " + placement.phrase() + " " + groups.get(1).phrase()
                : groups.get(0).phrase() + " " + placement.phrase();
    }

    /**
     * The scene a caption of this set describes: the inverse of {@link #caption()}, case and surrounding
     * space ignored; empty for any caption not of that form (a caption of another set).
     */
    public static java.util.Optional<ShapeScene> parse(String caption) {
        String text = caption.strip().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
        for (Placement p : Placement.values()) {
            String phrase = " " + p.phrase();
            if (p.relation()) {
                int at = text.indexOf(phrase + " ");
                if (at > 0) {
                    java.util.Optional<Group> first = Group.parse(text.substring(0, at));
                    java.util.Optional<Group> second = Group.parse(text.substring(at + phrase.length() + 1));
                    if (first.isPresent() && second.isPresent() && first.get().count() + second.get().count() <= 3) {
                        return java.util.Optional.of(new ShapeScene(p, List.of(first.get(), second.get())));
                    }
                }
            } else if (text.endsWith(phrase)) {
                java.util.Optional<Group> group = Group.parse(text.substring(0, text.length() - phrase.length()));
                if (group.isPresent()) {
                    return java.util.Optional.of(new ShapeScene(p, List.of(group.get())));
                }
            }
        }
        return java.util.Optional.empty();
    }

    /** How many shapes the picture shows. */
    public int shapeCount() {
        return shapeCount(groups);
    }

    private static int shapeCount(List<Group> groups) {
        return groups.stream().mapToInt(Group::count).sum();
    }

    /**
     * A random scene with 1 to 3 shapes: half of them one group at a side of the picture, half two groups
     * related, which differ in colour or kind so that the caption tells them apart.
     */
    public static ShapeScene random(Random random) {
        Placement[] placements = Placement.values();
        boolean relation = random.nextBoolean();
        if (!relation) {
            Placement side = placements[random.nextInt(4)];
            return new ShapeScene(side, List.of(randomGroup(random, 1 + random.nextInt(3))));
        }
        Placement relative = random.nextBoolean() ? Placement.LEFT_OF : Placement.ABOVE;
        int first = 1;
        int second = 1;
        switch (random.nextInt(3)) {
            case 1 -> first = 2;
            case 2 -> second = 2;
            default -> { }
        }
        List<Group> groups = new ArrayList<>();
        groups.add(randomGroup(random, first));
        Group other;
        do {
            other = randomGroup(random, second);
        } while (other.colour() == groups.get(0).colour() && other.shape() == groups.get(0).shape());
        groups.add(other);
        return new ShapeScene(relative, groups);
    }

    private static Group randomGroup(Random random, int count) {
        Colour[] colours = Colour.values();
        Shape[] shapes = Shape.values();
        return new Group(count, colours[random.nextInt(colours.length)], shapes[random.nextInt(shapes.length)]);
    }
}
