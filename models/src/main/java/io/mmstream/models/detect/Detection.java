package io.mmstream.models.detect;

import java.util.Locale;

/**
 * One detected object: its COCO class, the detector's score, and its box as fractions of the picture's
 * width and height ({@code 0 <= x1 < x2 <= 1}, {@code 0 <= y1 < y2 <= 1}).
 */
public record Detection(int classId, String label, float score, float x1, float y1, float x2, float y2) {

    /** Area as a fraction of the picture. */
    public float area() {
        return Math.max(0, x2 - x1) * Math.max(0, y2 - y1);
    }

    /** Intersection over union with another box. */
    public float iou(Detection other) {
        float ix = Math.max(0, Math.min(x2, other.x2) - Math.max(x1, other.x1));
        float iy = Math.max(0, Math.min(y2, other.y2) - Math.max(y1, other.y1));
        float intersection = ix * iy;
        float union = area() + other.area() - intersection;
        return union <= 0 ? 0 : intersection / union;
    }

    /** The 5-d region geometry of the image-text models: {@code (x1, y1, x2, y2, area)}, all fractions. */
    public float[] geometry() {
        return new float[] {x1, y1, x2, y2, area()};
    }

    /** One JSON object: label, class, score, box in pixels of a {@code width x height} picture. */
    public String toJson(int width, int height) {
        return String.format(Locale.ROOT,
                "{\"label\":\"%s\",\"class\":%d,\"score\":%.3f,\"box\":[%d,%d,%d,%d]}",
                label, classId, score, Math.round(x1 * width), Math.round(y1 * height),
                Math.round(x2 * width), Math.round(y2 * height));
    }
}
