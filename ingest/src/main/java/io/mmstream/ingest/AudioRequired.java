package io.mmstream.ingest;

/**
 * Passes a stream on to a sink only when it has an audio track: captioning a stream of video alone
 * would wait for words that cannot come, so opening one fails at once with {@link NoAudioTrack}.
 */
public final class AudioRequired implements MediaSink {

    /** The stream that was opened has no audio track. */
    public static final class NoAudioTrack extends RuntimeException {

        NoAudioTrack(MediaInfo info) {
            super("no audio track: nothing to caption (the stream has "
                    + (info.hasVideo() ? "video (" + info.videoCodec() + ") only" : "no audio or video") + ")");
        }
    }

    private final MediaSink sink;

    public AudioRequired(MediaSink sink) {
        this.sink = sink;
    }

    @Override
    public void opened(MediaInfo info) {
        if (!info.hasAudio()) {
            throw new NoAudioTrack(info);
        }
        sink.opened(info);
    }

    @Override
    public void frame(SampledFrame frame) throws Exception {
        sink.frame(frame);
    }

    @Override
    public void audio(AudioChunk chunk) throws Exception {
        sink.audio(chunk);
    }
}
