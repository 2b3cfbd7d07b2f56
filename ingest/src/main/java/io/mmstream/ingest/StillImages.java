package io.mmstream.ingest;

import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_RGBA;

import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;

/**
 * Decodes one still picture held in memory (WebP and whatever else javax.imageio cannot read) with
 * FFmpeg, reading the bytes as a stream: no temporary file.
 */
public final class StillImages {

    /**
     * A decoded picture: packed RGBA, rows top to bottom, and FFmpeg's name of its codec.
     *
     * @param codec FFmpeg's codec name ({@code webp}, {@code png}, ...)
     */
    public record Rgba(String codec, int width, int height, byte[] rgba) {}

    /** Whether a picture of {@code width x height} may be decoded; says why not otherwise. */
    @FunctionalInterface
    public interface SizeCheck {
        void check(int width, int height) throws MediaException;
    }

    private StillImages() {}

    /**
     * Decodes the first picture of {@code bytes}; {@code sizeCheck} sees its size as the container
     * declares it before any pixel is converted.
     *
     * @throws MediaException with a one-line reason when FFmpeg cannot read it or the check refuses it
     */
    public static Rgba decode(String name, byte[] bytes, SizeCheck sizeCheck) throws MediaException {
        FfmpegLog.install();
        FfmpegLog.clear();
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(new ByteArrayInputStream(bytes), bytes.length)) {
            grabber.setPixelFormat(AV_PIX_FMT_RGBA);
            try {
                grabber.start();
            } catch (org.bytedeco.javacv.FrameGrabber.Exception e) {
                throw new MediaException(name, "not a readable image" + lastError());
            }
            if (grabber.getVideoStream() < 0) {
                throw new MediaException(name, "not a readable image: no picture in it");
            }
            sizeCheck.check(grabber.getImageWidth(), grabber.getImageHeight());
            Frame frame = grabber.grabImage();
            if (frame == null || frame.image == null) {
                throw new MediaException(name, "corrupt or truncated image: no picture decoded" + lastError());
            }
            return new Rgba(grabber.getVideoCodecName(), frame.imageWidth, frame.imageHeight, packed(frame));
        } catch (org.bytedeco.javacv.FrameGrabber.Exception e) {
            throw new MediaException(name, "corrupt or truncated image" + lastError());
        }
    }

    private static String lastError() {
        String error = FfmpegLog.lastError();
        return error == null ? "" : ": " + error;
    }

    /** The frame's RGBA rows without their stride padding. */
    private static byte[] packed(Frame frame) {
        ByteBuffer pixels = ((ByteBuffer) frame.image[0]).duplicate();
        int row = frame.imageWidth * 4;
        byte[] out = new byte[row * frame.imageHeight];
        for (int y = 0; y < frame.imageHeight; y++) {
            pixels.position(y * frame.imageStride);
            pixels.get(out, y * row, row);
        }
        return out;
    }
}
