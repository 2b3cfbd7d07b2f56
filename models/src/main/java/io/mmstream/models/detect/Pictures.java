package io.mmstream.models.detect;

import io.mmstream.frames.RgbFrame;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Still pictures (PNG, JPEG, GIF, BMP) read into the RGB frames the detector and the stream use. */
public final class Pictures {

    private Pictures() {}

    /** Reads {@code file}; fails with a one-line reason when it is missing or not a picture Java can decode. */
    public static RgbFrame read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + ": no such file");
        }
        BufferedImage image = ImageIO.read(file.toFile());
        if (image == null) {
            throw new IOException(file + ": not a picture that can be decoded (PNG, JPEG, GIF, BMP)");
        }
        return fromImage(image);
    }

    /** The pixels of {@code image} as packed RGB. */
    public static RgbFrame fromImage(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        int[] argb = image.getRGB(0, 0, w, h, null, 0, w);
        byte[] rgb = new byte[w * h * 3];
        for (int i = 0; i < argb.length; i++) {
            rgb[3 * i] = (byte) (argb[i] >> 16);
            rgb[3 * i + 1] = (byte) (argb[i] >> 8);
            rgb[3 * i + 2] = (byte) argb[i];
        }
        return new RgbFrame(0, w, h, rgb);
    }

    /** A frame as an image, for drawing on. */
    public static BufferedImage toImage(RgbFrame frame) {
        BufferedImage image = new BufferedImage(frame.width(), frame.height(), BufferedImage.TYPE_INT_RGB);
        byte[] rgb = frame.rgb();
        int[] packed = new int[frame.width() * frame.height()];
        for (int i = 0; i < packed.length; i++) {
            packed[i] = (rgb[3 * i] & 0xFF) << 16 | (rgb[3 * i + 1] & 0xFF) << 8 | (rgb[3 * i + 2] & 0xFF);
        }
        image.setRGB(0, 0, frame.width(), frame.height(), packed, 0, frame.width());
        return image;
    }
}
