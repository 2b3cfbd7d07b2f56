package io.mmstream.ingest;

import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_RGB24;
import static org.bytedeco.ffmpeg.global.swscale.SWS_BILINEAR;
import static org.bytedeco.ffmpeg.global.swscale.sws_freeContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_getCachedContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_scale;

import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * Scales and converts decoded pictures to packed RGB24 with FFmpeg's swscale, only for kept frames.
 *
 * <p>Decoding leaves pictures in their native format (usually YUV 4:2:0); converting just the frames
 * the sampler keeps, straight to the target size, is what lets sampling cost little beyond decoding.
 */
final class FrameScaler implements AutoCloseable {

    private final int maxSide;
    private SwsContext context;
    private BytePointer target;
    private int targetWidth;
    private int targetHeight;
    private final IntPointer targetStride = new IntPointer(1);
    private final PointerPointer<BytePointer> targetPlanes = new PointerPointer<>(1);

    FrameScaler(int maxSide) {
        this.maxSide = maxSide;
    }

    /** The size a {@code width x height} picture is scaled to: longer side at most maxSide, even sides. */
    static int[] targetSize(int width, int height, int maxSide) {
        double scale = Math.min(1.0, (double) maxSide / Math.max(width, height));
        int w = Math.max(2, (int) Math.round(width * scale / 2.0) * 2);
        int h = Math.max(2, (int) Math.round(height * scale / 2.0) * 2);
        return new int[] {Math.min(w, maxSide - maxSide % 2), Math.min(h, maxSide - maxSide % 2)};
    }

    /** Converts {@code picture} and returns its packed pixels. */
    SampledFrame scale(AVFrame picture, long index, long ptsUs) {
        int srcW = picture.width();
        int srcH = picture.height();
        int[] size = targetSize(srcW, srcH, maxSide);
        if (target == null || size[0] != targetWidth || size[1] != targetHeight) {
            targetWidth = size[0];
            targetHeight = size[1];
            if (target != null) {
                target.close();
            }
            target = new BytePointer((long) targetWidth * targetHeight * 3);
            targetStride.put(0, targetWidth * 3);
            targetPlanes.put(0, target);
        }
        context = sws_getCachedContext(context, srcW, srcH, picture.format(),
                targetWidth, targetHeight, AV_PIX_FMT_RGB24, SWS_BILINEAR, null, null, (DoublePointer) null);
        if (context == null) {
            throw new IllegalStateException("swscale cannot convert pixel format " + picture.format());
        }
        sws_scale(context, picture.data(), picture.linesize(), 0, srcH, targetPlanes, targetStride);
        byte[] rgb = new byte[targetWidth * targetHeight * 3];
        target.get(rgb);
        return new SampledFrame(index, ptsUs, targetWidth, targetHeight, rgb);
    }

    @Override
    public void close() {
        if (context != null) {
            sws_freeContext(context);
            context = null;
        }
        if (target != null) {
            target.close();
            target = null;
        }
        targetStride.close();
        targetPlanes.close();
    }
}
