package io.mmstream.ingest;

import static org.bytedeco.ffmpeg.global.avutil.av_strerror;

import org.bytedeco.javacpp.BytePointer;

/** Turns FFmpeg's negative error codes into their words ("Connection refused", "Invalid data ..."). */
final class FfmpegErrors {

    private FfmpegErrors() {}

    static String describe(int code) {
        try (BytePointer buffer = new BytePointer(256)) {
            if (av_strerror(code, buffer, buffer.capacity()) < 0) {
                return "FFmpeg error " + code;
            }
            String text = buffer.getString();
            int end = text.indexOf('\0');
            return (end < 0 ? text : text.substring(0, end)).strip();
        }
    }
}
