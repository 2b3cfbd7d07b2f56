package io.mmstream.ingest.imagetext;

/**
 * The picture size a WebP file declares in its first chunk (lossy {@code VP8 }, lossless
 * {@code VP8L} or extended {@code VP8X}), read without decoding anything.
 */
final class WebpHeader {

    private WebpHeader() {}

    /** {width, height} when {@code b} is a WebP file whose header says so, else null. */
    static int[] size(byte[] b) {
        if (b.length < 30 || !tag(b, 0, "RIFF") || !tag(b, 8, "WEBP")) {
            return null;
        }
        if (tag(b, 12, "VP8X")) {
            return new int[] {1 + u24(b, 24), 1 + u24(b, 27)};
        }
        if (tag(b, 12, "VP8L") && (b[20] & 0xff) == 0x2f) {
            long bits = (b[21] & 0xffL) | (b[22] & 0xffL) << 8 | (b[23] & 0xffL) << 16 | (b[24] & 0xffL) << 24;
            return new int[] {(int) (bits & 0x3fff) + 1, (int) ((bits >> 14) & 0x3fff) + 1};
        }
        if (tag(b, 12, "VP8 ") && (b[23] & 0xff) == 0x9d && (b[24] & 0xff) == 0x01 && (b[25] & 0xff) == 0x2a) {
            return new int[] {u16(b, 26) & 0x3fff, u16(b, 28) & 0x3fff};
        }
        return null;
    }

    private static boolean tag(byte[] b, int at, String tag) {
        for (int i = 0; i < 4; i++) {
            if (b[at + i] != tag.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static int u16(byte[] b, int at) {
        return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8;
    }

    private static int u24(byte[] b, int at) {
        return u16(b, at) | (b[at + 2] & 0xff) << 16;
    }
}
