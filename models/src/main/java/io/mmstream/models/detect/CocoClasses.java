package io.mmstream.models.detect;

import java.util.List;

/** The 80 object classes of COCO's detection task, in the order detectors trained on it number them (0 = person). */
public final class CocoClasses {

    /** The names, index = class number. */
    public static final List<String> NAMES = List.of(
            "person", "bicycle", "car", "motorcycle", "airplane", "bus", "train", "truck", "boat", "traffic light",
            "fire hydrant", "stop sign", "parking meter", "bench", "bird", "cat", "dog", "horse", "sheep", "cow",
            "elephant", "bear", "zebra", "giraffe", "backpack", "umbrella", "handbag", "tie", "suitcase", "frisbee",
            "skis", "snowboard", "sports ball", "kite", "baseball bat", "baseball glove", "skateboard", "surfboard",
            "tennis racket", "bottle", "wine glass", "cup", "fork", "knife", "spoon", "bowl", "banana", "apple",
            "sandwich", "orange", "broccoli", "carrot", "hot dog", "pizza", "donut", "cake", "chair", "couch",
            "potted plant", "bed", "dining table", "toilet", "tv", "laptop", "mouse", "remote", "keyboard",
            "cell phone", "microwave", "oven", "toaster", "sink", "refrigerator", "book", "clock", "vase",
            "scissors", "teddy bear", "hair drier", "toothbrush");

    private CocoClasses() {}

    /** The name of class {@code id}, or {@code class-N} outside 0..79. */
    public static String name(int id) {
        return id >= 0 && id < NAMES.size() ? NAMES.get(id) : "class-" + id;
    }
}
