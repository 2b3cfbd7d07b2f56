package io.mmstream.models.tfjs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Half-precision weights (TensorFlow.js's float16 quantization) read back as the floats they encode. */
class HalfTest {

    @Test
    void normalsSubnormalsAndSpecialsDecode() {
        assertEquals(1.0f, Half.toFloat((short) 0x3C00));
        assertEquals(-2.0f, Half.toFloat((short) 0xC000));
        assertEquals(65504f, Half.toFloat((short) 0x7BFF));
        assertEquals(0.333251953125f, Half.toFloat((short) 0x3555));
        assertEquals(0x1p-24f, Half.toFloat((short) 0x0001));
        assertEquals(-0.0f, Half.toFloat((short) 0x8000));
        assertEquals(Float.POSITIVE_INFINITY, Half.toFloat((short) 0x7C00));
        assertEquals(true, Float.isNaN(Half.toFloat((short) 0x7E00)));
    }
}
