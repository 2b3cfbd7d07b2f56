package io.mmstream.ingest.imagetext;

import io.mmstream.ingest.MediaException;
import io.mmstream.ingest.StillImages;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Decodes an image file's bytes to RGB24 pixels no bigger than the options allow: javax.imageio
 * first (PNG, JPEG, BMP, GIF), FFmpeg for what it cannot read (WebP). The size is read from the
 * header and checked (too small, too elongated, too many pixels) before any pixel is decoded.
 */
public final class ImageDecoder {

    private final ImageTextOptions options;

    public ImageDecoder(ImageTextOptions options) {
        this.options = options;
    }

    /** Decodes {@code bytes}; a problem says in one line why they are not a usable image. */
    public DecodedImage decode(byte[] bytes) throws ItemProblem {
        if (bytes.length == 0) {
            throw new ItemProblem("empty file");
        }
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (readers.hasNext()) {
                ImageReader reader = readers.next();
                try {
                    return withImageIo(reader, in, bytes);
                } finally {
                    reader.dispose();
                }
            }
        } catch (IOException e) {
            throw new ItemProblem("cannot read the image: " + e.getMessage());
        }
        return withFfmpeg(bytes, null);
    }

    private DecodedImage withImageIo(ImageReader reader, ImageInputStream in, byte[] bytes) throws ItemProblem {
        String format = format(reader);
        reader.setInput(in, true, true);
        int width;
        int height;
        try {
            width = reader.getWidth(0);
            height = reader.getHeight(0);
        } catch (IOException | RuntimeException e) {
            throw new ItemProblem("corrupt " + format + " header: " + message(e));
        }
        checkSize(width, height);
        // a truncated JPEG decodes with a warning and grey rows: refuse it rather than train on grey
        StringBuilder warning = new StringBuilder();
        reader.addIIOReadWarningListener((source, text) -> {
            if (warning.isEmpty()) {
                warning.append(text);
            }
        });
        ImageReadParam param = reader.getDefaultReadParam();
        // a big picture is read at a fraction of its rows and columns, then averaged down
        int step = Math.max(1, Math.max(width, height) / (2 * options.maxSide()));
        param.setSourceSubsampling(step, step, 0, 0);
        BufferedImage image;
        try {
            image = reader.read(0, param);
        } catch (IOException | RuntimeException e) {
            // what javax.imageio cannot decode FFmpeg may (a CMYK JPEG, say); if not, the first reason stands
            return withFfmpeg(bytes, "corrupt or truncated " + format + ": " + message(e));
        }
        if (!warning.isEmpty()) {
            throw new ItemProblem("corrupt or truncated " + format + ": " + warning);
        }
        int w = image.getWidth();
        int h = image.getHeight();
        int[] size = PixelScaling.targetSize(width, height, options.maxSide());
        int[] argb = image.getRGB(0, 0, w, h, null, 0, w);
        return new DecodedImage(format, width, height, size[0], size[1], PixelScaling.fromArgb(argb, w, h, size[0], size[1]));
    }

    private DecodedImage withFfmpeg(byte[] bytes, String imageIoReason) throws ItemProblem {
        StillImages.Rgba picture;
        try {
            int[] declared = WebpHeader.size(bytes);
            if (declared != null) {
                checkSize(declared[0], declared[1]);
            }
            picture = StillImages.decode("image", bytes, (w, h) -> {
                try {
                    checkSize(w, h);
                } catch (ItemProblem p) {
                    throw new MediaException("image", p.reason());
                }
            });
        } catch (MediaException e) {
            throw new ItemProblem(imageIoReason != null ? imageIoReason : e.reason());
        }
        checkSize(picture.width(), picture.height());
        int[] size = PixelScaling.targetSize(picture.width(), picture.height(), options.maxSide());
        String format = picture.codec() == null ? "unknown" : picture.codec().toLowerCase(Locale.ROOT);
        return new DecodedImage(format, picture.width(), picture.height(), size[0], size[1],
                PixelScaling.fromRgba(picture.rgba(), picture.width(), picture.height(), size[0], size[1]));
    }

    /** Refuses pictures too small, too elongated or too big to be worth decoding. */
    void checkSize(int width, int height) throws ItemProblem {
        if (width <= 0 || height <= 0) {
            throw new ItemProblem("corrupt image: it says it is " + width + "x" + height + " px");
        }
        if (Math.min(width, height) < options.minSide()) {
            throw new ItemProblem("too small: " + width + "x" + height + " px (sides under " + options.minSide() + " px are refused)");
        }
        double aspect = (double) Math.max(width, height) / Math.min(width, height);
        if (aspect > options.maxAspect()) {
            throw new ItemProblem(String.format(Locale.ROOT, "odd shape: %dx%d px, aspect ratio %.0f:1 beyond %.0f:1",
                    width, height, aspect, options.maxAspect()));
        }
        long pixels = (long) width * height;
        if (pixels > options.maxPixels()) {
            throw new ItemProblem(String.format(Locale.ROOT, "too large: %dx%d px = %.1f megapixels (over %.0f)",
                    width, height, pixels / 1e6, options.maxPixels() / 1e6));
        }
    }

    private static String format(ImageReader reader) {
        try {
            return reader.getFormatName().toLowerCase(Locale.ROOT);
        } catch (IOException e) {
            return "image";
        }
    }

    private static String message(Throwable e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
