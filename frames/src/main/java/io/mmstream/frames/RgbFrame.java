package io.mmstream.frames;

/**
 * A decoded frame as the frames topic carries it: packed RGB24, rows top to bottom.
 *
 * @param ptsUs presentation time, microseconds from the start of the media
 * @param width width in pixels
 * @param height height in pixels
 * @param rgb {@code width * height * 3} bytes
 */
public record RgbFrame(long ptsUs, int width, int height, byte[] rgb) {

    public RgbFrame {
        if (width <= 0 || height <= 0 || rgb.length != width * height * 3) {
            throw new IllegalArgumentException("frame of " + width + "x" + height + " needs " + (width * height * 3)
                    + " RGB bytes, has " + rgb.length);
        }
    }
}
