package io.mmstream.ingest.imagetext;

/**
 * An image decoded for the frames topic: packed RGB24 scaled so its longer side is at most the
 * options' size, with the size and format it had.
 *
 * @param format the image's format, lower case ({@code png}, {@code jpeg}, {@code gif}, {@code bmp}, {@code webp})
 * @param sourceWidth width of the image as stored
 * @param sourceHeight height of the image as stored
 * @param width width of {@code rgb}
 * @param height height of {@code rgb}
 * @param rgb {@code width * height * 3} bytes, rows top to bottom, no padding
 */
public record DecodedImage(String format, int sourceWidth, int sourceHeight, int width, int height, byte[] rgb) {}
