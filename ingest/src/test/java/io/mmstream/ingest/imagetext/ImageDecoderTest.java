package io.mmstream.ingest.imagetext;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mmstream.ingest.Fixtures;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Arrays;
import java.util.zip.CRC32;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Images decoded to RGB24 within the size asked, and every kind of bad image refused with its reason. */
class ImageDecoderTest {

    private final ImageDecoder decoder = new ImageDecoder(ImageTextOptions.of(256, Duration.ofSeconds(2)));

    @ParameterizedTest
    @ValueSource(strings = {"png", "jpg", "bmp", "gif"})
    void imageIoFormatsAreScaledToTheLongerSideWithTheirAspect(String format) throws Exception {
        BufferedImage picture = ShapeImages.draw(600, 300, Color.BLUE, "square", "top left");
        DecodedImage d = decoder.decode(ShapeImages.encode(picture, format));
        assertEquals(format.equals("jpg") ? "jpeg" : format, d.format());
        assertEquals(600, d.sourceWidth());
        assertEquals(300, d.sourceHeight());
        assertEquals(256, d.width());
        assertEquals(128, d.height());
        assertEquals(256 * 128 * 3, d.rgb().length);
        // the square fills the top-left quarter: blue there, white at the far right
        assertColor(d, 20, 20, 0, 0, 255, format.equals("jpg") ? 30 : 8);
        assertColor(d, 250, 120, 255, 255, 255, format.equals("jpg") ? 30 : 8);
    }

    @Test
    void smallImagesAreNotEnlarged() throws Exception {
        DecodedImage d = decoder.decode(ShapeImages.encode(ShapeImages.plain(40, 30, Color.GREEN), "png"));
        assertEquals(40, d.width());
        assertEquals(30, d.height());
        assertColor(d, 5, 5, 0, 255, 0, 0);
    }

    @Test
    void transparencyIsFlattenedOntoWhite() throws Exception {
        BufferedImage clear = new BufferedImage(16, 16, BufferedImage.TYPE_INT_ARGB);
        DecodedImage d = decoder.decode(ShapeImages.encode(clear, "png"));
        assertColor(d, 8, 8, 255, 255, 255, 0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"shape.webp", "shape-lossy.webp"})
    void webpIsDecodedByFfmpeg(String fixture) throws Exception {
        DecodedImage d = decoder.decode(Files.readAllBytes(Fixtures.media(fixture)));
        assertEquals("webp", d.format());
        assertEquals(64, d.width());
        assertEquals(48, d.height());
        int tolerance = fixture.contains("lossy") ? 40 : 2;
        assertColor(d, 2, 2, 255, 0, 0, tolerance);
        assertColor(d, 32, 24, 0, 0, 255, tolerance);
    }

    @Test
    void webpHeadersGiveTheSizeWithoutDecoding() throws Exception {
        assertArrayEquals(new int[] {64, 48}, WebpHeader.size(Files.readAllBytes(Fixtures.media("shape.webp"))));
        assertArrayEquals(new int[] {64, 48}, WebpHeader.size(Files.readAllBytes(Fixtures.media("shape-lossy.webp"))));
    }

    @Test
    void badImagesAreRefusedWithTheirReason() throws Exception {
        byte[] png = ShapeImages.encode(ShapeImages.draw(200, 100, Color.RED, "circle", "centre"), "png");
        byte[] jpeg = ShapeImages.encode(ShapeImages.draw(200, 100, Color.RED, "circle", "centre"), "jpg");
        assertProblem(new byte[0], "empty file");
        assertProblem("not an image at all, just some text".getBytes(), "not a readable image");
        assertProblem(Arrays.copyOf(png, png.length / 2), "corrupt or truncated png");
        assertProblem(Arrays.copyOf(jpeg, jpeg.length / 2), "corrupt or truncated jpeg");
        assertProblem(ShapeImages.encode(ShapeImages.plain(4, 4, Color.RED), "png"), "too small: 4x4 px");
        assertProblem(ShapeImages.encode(ShapeImages.plain(420, 10, Color.RED), "png"), "odd shape: 420x10 px, aspect ratio 42:1");
        assertProblem(pngHeader(10_000, 8_000), "too large: 10000x8000 px = 80.0 megapixels (over 50)");
    }

    @Test
    void aHugeWebpIsRefusedFromItsHeader() {
        byte[] webp = new byte[40];
        ByteBuffer b = ByteBuffer.wrap(webp).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes()).putInt(32).put("WEBPVP8X".getBytes()).putInt(10).putInt(0);
        int w = 9999 - 1;
        int h = 9999 - 1;
        b.put((byte) w).put((byte) (w >> 8)).put((byte) (w >> 16)).put((byte) h).put((byte) (h >> 8)).put((byte) (h >> 16));
        assertProblem(webp, "too large: 9999x9999 px");
    }

    /** A PNG signature and IHDR chunk claiming {@code width x height}, with no pixel data. */
    private static byte[] pngHeader(int width, int height) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        ByteBuffer ihdr = ByteBuffer.allocate(17).put("IHDR".getBytes()).putInt(width).putInt(height)
                .put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
        CRC32 crc = new CRC32();
        crc.update(ihdr.array());
        out.writeBytes(ByteBuffer.allocate(4).putInt(13).array());
        out.writeBytes(ihdr.array());
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
        return out.toByteArray();
    }

    private void assertProblem(byte[] bytes, String reason) {
        ItemProblem p = assertThrows(ItemProblem.class, () -> decoder.decode(bytes));
        assertTrue(p.reason().startsWith(reason), "'" + p.reason() + "' starts with '" + reason + "'");
    }

    private static void assertColor(DecodedImage d, int x, int y, int r, int g, int b, int tolerance) {
        int o = (y * d.width() + x) * 3;
        int[] got = {d.rgb()[o] & 0xff, d.rgb()[o + 1] & 0xff, d.rgb()[o + 2] & 0xff};
        String where = "pixel " + x + "," + y + " = " + Arrays.toString(got);
        assertEquals(r, got[0], tolerance, where);
        assertEquals(g, got[1], tolerance, where);
        assertEquals(b, got[2], tolerance, where);
    }
}
