package io.mmstream.streams.records;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Packs float vectors as little-endian float32 bytes for Avro {@code bytes} fields.
 *
 * <p>Avro's {@code array<float>} becomes {@code List<Float>}, whose boxing dominates the cost of
 * embeddings and features; packed bytes are copied in one go.
 */
public final class FloatVectors {

    private FloatVectors() {}

    public static ByteBuffer pack(float[] vector) {
        ByteBuffer buffer = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(vector);
        return buffer;
    }

    public static float[] unpack(ByteBuffer bytes) {
        ByteBuffer view = bytes.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        if (view.remaining() % Float.BYTES != 0) {
            throw new IllegalArgumentException("packed vector of " + view.remaining() + " bytes is not whole float32s");
        }
        float[] vector = new float[view.remaining() / Float.BYTES];
        view.asFloatBuffer().get(vector);
        return vector;
    }
}
