package io.mmstream.ingest;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Java2DFrameConverter;

/** A still of a video at a moment, as a small JPEG: what search results show. */
public final class Thumbnails {

    private Thumbnails() {}

    /**
     * The frame shown at {@code atUs} in {@code file} (the nearest one FFmpeg seeks to), scaled to
     * {@code width} pixels wide, as JPEG bytes.
     */
    public static byte[] jpeg(Path file, long atUs, int width) throws MediaException {
        FfmpegLog.install();
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile());
                Java2DFrameConverter converter = new Java2DFrameConverter()) {
            grabber.start();
            if (grabber.getLengthInTime() > 0) {
                grabber.setTimestamp(Math.max(0, Math.min(atUs, grabber.getLengthInTime() - 100_000)));
            }
            var frame = grabber.grabImage();
            if (frame == null) {
                grabber.setTimestamp(0);
                frame = grabber.grabImage();
            }
            if (frame == null) {
                throw new MediaException(file.toString(), "no picture in it");
            }
            BufferedImage image = converter.convert(frame);
            int height = Math.max(1, image.getHeight() * width / Math.max(1, image.getWidth()));
            BufferedImage small = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = small.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(image, 0, 0, width, height, null);
            g.dispose();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(small, "jpg", out);
            return out.toByteArray();
        } catch (MediaException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new MediaException(file.toString(), "cannot take a still: " + e.getMessage(), e);
        }
    }
}
