package io.mmstream.models.tfjs;

/** IEEE 754 half-precision to single-precision conversion (Java 17 has no {@code Float.float16ToFloat}). */
final class Half {

    private Half() {}

    static float toFloat(short bits) {
        int h = bits & 0xFFFF;
        int sign = (h >>> 15) << 31;
        int exponent = (h >>> 10) & 0x1F;
        int mantissa = h & 0x3FF;
        if (exponent == 0x1F) {
            return Float.intBitsToFloat(sign | 0x7F800000 | (mantissa << 13));
        }
        if (exponent == 0) {
            float value = mantissa * 0x1p-24f;
            return sign == 0 ? value : -value;
        }
        return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
    }
}
