package io.mmstream.ingest;

import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_AUDIO;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_S16;

import java.nio.ShortBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber.ImageMode;

/**
 * Opens a file or URL with FFmpeg and hands sampled frames and 16 kHz mono audio to a sink.
 *
 * <p>Pictures stay in their decoded format until the {@link FrameSampler} keeps one, which is then
 * scaled by swscale ({@link FrameScaler}); audio is resampled by FFmpeg's swresample. Times are
 * container timestamps minus the container's start time, so the first instant of the media is 0.
 */
public final class MediaDecoder {

    /** A source that ends before this share of its declared duration is reported as truncated. */
    private static final double TRUNCATION_SHARE = 0.9;
    private static final long TRUNCATION_SLACK_US = 1_000_000;
    /** How long a live stream's video may go on without decoded audio before the audio is declared stopped. */
    private static final java.time.Duration AUDIO_SILENCE_LIMIT = java.time.Duration.ofSeconds(4);

    private final DecodeOptions options;
    private final BooleanSupplier stopRequested;
    private final Duration playlistHold;

    public MediaDecoder(DecodeOptions options) {
        this(options, () -> false);
    }

    /**
     * A decoder that ends a source early, as if it had ended, once {@code stopRequested} says so
     * (a live stream captioned for a set duration); what was decoded is flushed to the sink.
     */
    public MediaDecoder(DecodeOptions options, BooleanSupplier stopRequested) {
        this(options, stopRequested, options.ioTimeout());
    }

    /**
     * A decoder as above whose live HLS playlists may stop growing for {@code playlistHold} (counted
     * in reloads at 1 s segments; longer segments hold longer) before the session ends as stalled.
     */
    public MediaDecoder(DecodeOptions options, BooleanSupplier stopRequested, Duration playlistHold) {
        this.options = options;
        this.stopRequested = stopRequested;
        this.playlistHold = playlistHold;
        FfmpegLog.install();
    }

    /**
     * Decodes {@code input} to the end, feeding {@code sink}.
     *
     * @throws MediaException when the source cannot be opened or read to its end; what was decoded
     *     before a failure has already reached the sink
     */
    public DecodeSummary decode(String input, MediaSink sink) throws MediaException {
        checkLocalFile(input);
        FfmpegLog.clear();
        FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(MediaLocations.forFfmpeg(input));
        configure(grabber, input);
        try {
            try {
                if (MediaLocations.isNetwork(input)) {
                    // start() holds one JVM-wide lock while it opens and probes; a live stream may wait
                    // seconds for data there, and would keep every other stream from opening meanwhile
                    grabber.startUnsafe();
                } else {
                    grabber.start();
                }
            } catch (Exception | Error e) {
                throw new MediaException(input, openFailure(e), e);
            }
            MediaInfo info = describe(input, grabber);
            if (!info.hasAudio() && !info.hasVideo()) {
                throw new MediaException(input, "no audio or video stream (container " + info.format() + ")");
            }
            sink.opened(info);
            return pump(input, grabber, info, sink);
        } finally {
            try {
                grabber.close();
            } catch (Exception ignored) {
                // closing a half-open grabber can fail; nothing more to release
            }
        }
    }

    private DecodeSummary pump(String input, FFmpegFrameGrabber grabber, MediaInfo info, MediaSink sink)
            throws MediaException {
        boolean wantVideo = info.hasVideo() && options.frameRate() > 0;
        boolean wantAudio = info.hasAudio() && options.audio();
        if (!wantVideo && !wantAudio) {
            return new DecodeSummary(info, 0, 0, 0, 0);
        }
        long origin = startTime(grabber.getFormatContext());
        FrameSampler sampler = new FrameSampler(options.frameRate());
        AudioChunker chunker = new AudioChunker(options.samplesPerChunk());
        long decoded = 0;
        long kept = 0;
        long[] chunks = {0};
        long lastUs = 0;
        long timedOutAt = Long.MIN_VALUE;
        boolean stalled = false;
        // a live stream read for its audio alone: its video's key frames (cheap: no other frame is
        // decoded) show whether the stream goes on while its audio does not decode, as when a new
        // encoder sends another codec on the same track; the session then ends and is reopened
        boolean watchAudio = wantAudio && !wantVideo && info.hasVideo() && MediaLocations.isNetwork(input);
        long audioUs = 0;
        long audioNanos = System.nanoTime();
        try (FrameScaler scaler = new FrameScaler(options.maxSide())) {
            Frame frame;
            while (!stopRequested.getAsBoolean()) {
                long asked = System.nanoTime();
                frame = grabber.grabFrame(wantAudio, wantVideo || watchAudio, true, watchAudio, false);
                long now = System.nanoTime();
                if (now - asked >= options.ioTimeout().toNanos() * 9 / 10) {
                    timedOutAt = now;
                }
                if (frame == null) {
                    // JavaCV ends the stream on a read timeout as at its end (after handing out the frames
                    // its decoders still held): a read that waited out the timeout just before tells them apart
                    // (no read waited that long: a clean end; the subtraction would overflow)
                    stalled = MediaLocations.isNetwork(input) && timedOutAt != Long.MIN_VALUE && now - timedOutAt < 1_000_000_000L;
                    break;
                }
                if (Thread.currentThread().isInterrupted()) {
                    throw new MediaException(input, "interrupted");
                }
                long ptsUs = frame.timestamp - origin;
                if (watchAudio && frame.image != null) {
                    // wall time, not media time: a new encoder starts its times again
                    if (now - audioNanos > AUDIO_SILENCE_LIMIT.toNanos()) {
                        throw new MediaException(input, "audio stopped decoding at " + seconds(audioUs) + " while the stream goes on"
                                + " (its video still comes " + AUDIO_SILENCE_LIMIT.toSeconds() + " s later): has its audio codec changed?");
                    }
                    continue;
                }
                if (frame.image != null && frame.opaque instanceof AVFrame picture) {
                    decoded++;
                    lastUs = Math.max(lastUs, ptsUs);
                    if (sampler.keep(ptsUs)) {
                        sink.frame(scaler.scale(picture, kept++, ptsUs));
                    }
                } else if (frame.samples != null && frame.samples[0] instanceof ShortBuffer pcm) {
                    audioUs = Math.max(audioUs, ptsUs);
                    audioNanos = now;
                    chunker.add(ptsUs, pcm, chunk -> {
                        chunks[0]++;
                        sink.audio(chunk);
                    });
                    lastUs = Math.max(lastUs, chunker.positionUs());
                }
            }
            chunker.flush(chunk -> {
                chunks[0]++;
                sink.audio(chunk);
            });
        } catch (MediaException e) {
            throw e;
        } catch (Exception e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : firstLine(e.getMessage());
            throw new MediaException(input, "decoding failed at " + seconds(lastUs) + ": " + why, e);
        }
        // a file's video often outlasts its audio: when only audio is decoded, its own stream's length is what to reach
        long declared = wantVideo ? info.durationUs() : audioDurationUs(grabber.getFormatContext(), info.durationUs());
        if (!stopRequested.getAsBoolean() && declared > 0 && lastUs < declared * TRUNCATION_SHARE - TRUNCATION_SLACK_US) {
            throw new MediaException(input, "truncated or corrupt: media ends at " + seconds(lastUs)
                    + " of the " + seconds(declared) + " the container declares");
        }
        return new DecodeSummary(info, decoded, kept, chunks[0], lastUs, stalled);
    }

    /** The length the container gives the first audio stream, or {@code fallbackUs} when it gives none. */
    private static long audioDurationUs(AVFormatContext format, long fallbackUs) {
        for (int i = 0; i < format.nb_streams(); i++) {
            var stream = format.streams(i);
            if (stream.codecpar().codec_type() == AVMEDIA_TYPE_AUDIO && stream.duration() > 0 && stream.duration() != AV_NOPTS_VALUE) {
                return stream.duration() * 1_000_000L * stream.time_base().num() / Math.max(1, stream.time_base().den());
            }
        }
        return fallbackUs;
    }

    private void configure(FFmpegFrameGrabber grabber, String input) {
        grabber.setImageMode(ImageMode.RAW);
        grabber.setSampleRate(DecodeOptions.SAMPLE_RATE);
        grabber.setAudioChannels(1);
        grabber.setSampleFormat(AV_SAMPLE_FMT_S16);
        // libavcodec decodes on one thread unless asked; the ffmpeg CLI asks for as many as there are cores
        grabber.setVideoOption("threads", "auto");
        if (MediaLocations.isNetwork(input)) {
            String micros = Long.toString(options.ioTimeout().toNanos() / 1000);
            String scheme = MediaLocations.scheme(input);
            grabber.setOption("rw_timeout", micros);
            if (!scheme.startsWith("rtmp")) {
                // for RTMP "timeout" means: listen for a publisher that many seconds (playing a stream
                // became serving one); rw_timeout bounds its reads
                grabber.setOption("timeout", micros);
            }
            grabber.setOption("reconnect", "0");
            // live sources: probe 1 s of stream instead of FFmpeg's 5 s. The packets read while probing
            // are kept and decoded first (no "nobuffer" flag: it throws them away, and with them the
            // stream's first words); decoding catches up with the live edge within a moment.
            grabber.setOption("analyzeduration", "1000000");
            if (UdpReceiveBuffer.appliesTo(input)) {
                grabber.setOption("buffer_size", Integer.toString(UdpReceiveBuffer.BYTES));
            }
            if (scheme.equals("srt")) {
                // an SRT listener (mode=listener) waits for its caller as long as a read waits for data,
                // then fails like a stalled read and is reopened; libsrt's default is to wait for ever
                grabber.setOption("listen_timeout", micros);
            } else if (scheme.startsWith("http")) {
                // HLS: FFmpeg re-reads a live playlist that stopped growing every half target duration,
                // as players do, and goes on with the segments a restarted packager appends; by default
                // it would wait 1,000 reloads. Reopening instead would start again three segments
                // before the stale playlist's end and caption those segments twice.
                long reloads = Math.max(2, playlistHold.toMillis() / 500 + 2);
                grabber.setOption("m3u8_hold_counters", Long.toString(reloads));
                grabber.setOption("max_reload", Long.toString(Math.max(100, reloads)));
            }
        }
    }

    private static void checkLocalFile(String input) throws MediaException {
        Path path = MediaLocations.localPath(input);
        if (path == null) {
            return;
        }
        if (!Files.exists(path)) {
            throw new MediaException(input, "no such file");
        }
        if (Files.isDirectory(path)) {
            throw new MediaException(input, "is a directory, not a media file");
        }
        if (!Files.isReadable(path)) {
            throw new MediaException(input, "permission denied");
        }
        try {
            if (Files.size(path) == 0) {
                throw new MediaException(input, "empty file");
            }
        } catch (java.io.IOException e) {
            throw new MediaException(input, "cannot read: " + e.getMessage(), e);
        }
    }

    private static String openFailure(Throwable e) {
        String ffmpeg = FfmpegLog.lastError();
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : firstLine(e.getMessage());
        // JavaCV says "avformat_open_input() error -5: Could not open input ..., (For more details ...)";
        // FFmpeg's own last error line ("moov atom not found", "Connection refused") says more.
        int code = errorCode(message);
        String reason = code != 0 ? FfmpegErrors.describe(code) : message;
        if (ffmpeg != null && !reason.contains(ffmpeg)) {
            reason = reason + " (" + ffmpeg + ")";
        }
        String http = FfmpegLog.lastHttpError();
        if (http != null) {
            // an HLS playlist whose segments are missing fails as "Invalid data found": the status says why
            return "cannot open: the server answered " + http + (ffmpeg != null ? " (" + ffmpeg + ")" : "");
        }
        return "cannot open: " + reason;
    }

    private static int errorCode(String message) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("error (-?\\d+)").matcher(message);
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    private static MediaInfo describe(String input, FFmpegFrameGrabber grabber) {
        AVFormatContext context = grabber.getFormatContext();
        AVCodecParameters video = null;
        AVCodecParameters audio = null;
        for (int i = 0; i < context.nb_streams(); i++) {
            AVCodecParameters params = context.streams(i).codecpar();
            if (params.codec_type() == AVMEDIA_TYPE_VIDEO && video == null && grabber.getVideoStream() == i) {
                video = params;
            } else if (params.codec_type() == AVMEDIA_TYPE_AUDIO && audio == null && grabber.getAudioStream() == i) {
                audio = params;
            }
        }
        long duration = context.duration() == AV_NOPTS_VALUE ? -1 : context.duration();
        return new MediaInfo(
                input,
                grabber.getFormat(),
                duration,
                video == null ? null : grabber.getVideoCodecName(),
                video == null ? 0 : video.width(),
                video == null ? 0 : video.height(),
                video == null ? 0 : grabber.getFrameRate(),
                audio == null ? null : grabber.getAudioCodecName(),
                audio == null ? 0 : audio.sample_rate(),
                audio == null ? 0 : audio.ch_layout().nb_channels());
    }

    private static long startTime(AVFormatContext context) {
        long start = context.start_time();
        return start == AV_NOPTS_VALUE ? 0 : start;
    }

    private static String seconds(long us) {
        return String.format(Locale.ROOT, "%.1f s", us / 1e6);
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
