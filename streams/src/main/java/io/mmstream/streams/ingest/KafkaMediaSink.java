package io.mmstream.streams.ingest;

import io.mmstream.ingest.AudioChunk;
import io.mmstream.ingest.MediaInfo;
import io.mmstream.ingest.MediaSink;
import io.mmstream.ingest.SampledFrame;
import io.mmstream.streams.kafka.RecordSender;
import io.mmstream.streams.records.Frame;
import io.mmstream.streams.records.PixelEncoding;
import io.mmstream.streams.records.SourceKind;
import io.mmstream.streams.records.Video;
import io.mmstream.streams.topics.Topics;
import java.nio.ByteBuffer;
import java.util.function.Consumer;

/** Puts what the decoder takes out of one source on {@code mm.videos}, {@code mm.frames} and {@code mm.audio}. */
final class KafkaMediaSink implements MediaSink {

    private final RecordSender sender;
    private final String videoId;
    private final SourceKind kind;
    private final Consumer<MediaInfo> onOpened;
    private final Integer audioPartition;
    private long lastUs;
    private long framesSent;

    /**
     * A sink for {@code videoId}; its audio goes to {@code audioPartition}, or, when null, to its key's
     * partition, as its frames do (every record of a video in one partition either way: its recogniser
     * keeps per-video state in the partition's task).
     */
    KafkaMediaSink(RecordSender sender, String videoId, SourceKind kind, Consumer<MediaInfo> onOpened, Integer audioPartition) {
        this.sender = sender;
        this.videoId = videoId;
        this.kind = kind;
        this.onOpened = onOpened;
        this.audioPartition = audioPartition;
    }

    @Override
    public void opened(MediaInfo info) {
        sender.send(Topics.VIDEOS, videoId, Video.newBuilder()
                .setVideoId(videoId)
                .setUri(where(info.input()))
                .setKind(kind)
                .setFormat(info.format() == null ? "unknown" : info.format())
                .setDurationUs(info.durationUs())
                .setVideoCodec(info.videoCodec())
                .setWidth(info.width())
                .setHeight(info.height())
                .setFrameRate(info.frameRate())
                .setAudioCodec(info.audioCodec())
                .setAudioSampleRate(info.audioSampleRate())
                .setAudioChannels(info.audioChannels())
                .setOpenedAtMs(System.currentTimeMillis())
                .build());
        onOpened.accept(info);
    }

    /** Where the source can be found again: a local file's absolute path, or the URL as given. */
    private static String where(String input) {
        if (io.mmstream.ingest.MediaLocations.isNetwork(input)) {
            return input;
        }
        try {
            return io.mmstream.ingest.MediaLocations.localPath(input).toAbsolutePath().normalize().toString();
        } catch (RuntimeException e) {
            return input;
        }
    }

    @Override
    public void frame(SampledFrame frame) {
        lastUs = Math.max(lastUs, frame.ptsUs());
        framesSent++;
        sender.send(Topics.FRAMES, videoId, Frame.newBuilder()
                .setVideoId(videoId)
                .setIndex(frame.index())
                .setPtsUs(frame.ptsUs())
                .setWidth(frame.width())
                .setHeight(frame.height())
                .setEncoding(PixelEncoding.RGB24)
                .setPixels(ByteBuffer.wrap(frame.rgb()))
                .build());
    }

    @Override
    public void audio(AudioChunk chunk) {
        lastUs = Math.max(lastUs, chunk.endUs());
        sender.send(Topics.AUDIO, videoId, audioRecord(chunk.startUs(), chunk.pcm(), false), audioPartition);
    }

    /**
     * Ends the video's frames and audio with a last record each, so clip grouping flushes its last
     * partial clip, recognition its last words, and captions can complete.
     */
    void end() {
        // audio first: captioning, which callers wait for, ends with it
        sender.send(Topics.AUDIO, videoId, audioRecord(lastUs, new byte[0], true), audioPartition);
        sender.send(Topics.FRAMES, videoId, Frame.newBuilder()
                .setVideoId(videoId)
                .setIndex(framesSent)
                .setPtsUs(lastUs)
                .setWidth(0)
                .setHeight(0)
                .setEncoding(PixelEncoding.RGB24)
                .setPixels(ByteBuffer.allocate(0))
                .setLast(true)
                .build());
    }

    private io.mmstream.streams.records.AudioChunk audioRecord(long startUs, byte[] pcm, boolean last) {
        return io.mmstream.streams.records.AudioChunk.newBuilder()
                .setVideoId(videoId)
                .setStartUs(startUs)
                .setSampleRate(16_000)
                .setPcm(ByteBuffer.wrap(pcm))
                .setLast(last)
                .setLive(kind == SourceKind.LIVE)
                .build();
    }
}
