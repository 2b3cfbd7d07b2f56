package io.mmstream.ingest;

import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_ERROR;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_WARNING;
import static org.bytedeco.ffmpeg.global.avutil.av_log_set_level;
import static org.bytedeco.ffmpeg.global.avutil.setLogCallback;

import org.bytedeco.ffmpeg.avutil.LogCallback;
import org.bytedeco.javacpp.BytePointer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes FFmpeg's own log lines to SLF4J and remembers the last error seen on each thread.
 *
 * <p>FFmpeg prints straight to stderr by default ("moov atom not found"); a user wants one clear
 * line per failed input instead, so the last error becomes part of that line and the rest goes to
 * the debug log.
 */
final class FfmpegLog extends LogCallback {

    private static final Logger LOG = LoggerFactory.getLogger("ffmpeg");
    private static final ThreadLocal<String> LAST_ERROR = new ThreadLocal<>();
    /** FFmpeg reports an HTTP status the server answered as a warning, then fails with a vaguer error. */
    private static final ThreadLocal<String> LAST_HTTP_ERROR = new ThreadLocal<>();
    private static final FfmpegLog INSTANCE = new FfmpegLog().retainReference();
    private static volatile boolean installed;

    private FfmpegLog() {}

    /** Installs the callback once per JVM. */
    static void install() {
        if (!installed) {
            synchronized (FfmpegLog.class) {
                if (!installed) {
                    // warnings too: FFmpeg says which HTTP status a server answered only as a warning
                    av_log_set_level(AV_LOG_WARNING);
                    setLogCallback(INSTANCE);
                    installed = true;
                }
            }
        }
    }

    /** Forgets the error remembered for the calling thread. */
    static void clear() {
        LAST_ERROR.remove();
        LAST_HTTP_ERROR.remove();
    }

    /** The last HTTP error status FFmpeg met on the calling thread ({@code HTTP error 404 Not Found}), or null. */
    static String lastHttpError() {
        return LAST_HTTP_ERROR.get();
    }

    /** The last error FFmpeg logged on the calling thread, or null. */
    static String lastError() {
        return LAST_ERROR.get();
    }

    @Override
    public void call(int level, BytePointer msg) {
        String line = msg.getString().strip();
        if (line.isEmpty()) {
            return;
        }
        int http = line.indexOf("HTTP error ");
        if (http >= 0) {
            LAST_HTTP_ERROR.set(line.substring(http));
        }
        if (level <= AV_LOG_ERROR) {
            LAST_ERROR.set(line);
            LOG.debug("{}", line);
        } else if (level <= AV_LOG_WARNING) {
            LOG.debug("{}", line);
        } else {
            LOG.trace("{}", line);
        }
    }
}
