package io.mmstream.streams.ingest;

import io.mmstream.ingest.AudioRequired;
import io.mmstream.ingest.DecodeOptions;
import io.mmstream.ingest.DecodeSummary;
import io.mmstream.ingest.LiveReader;
import io.mmstream.ingest.MediaException;
import io.mmstream.ingest.MediaSink;
import io.mmstream.ingest.RealTimeWatch;
import io.mmstream.ingest.UdpReceiveBuffer;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * How {@code live} and {@code serve --live} read a stream: a {@link LiveReader} (reopening a stream
 * that stalls or drops, until it is silent for the give-up time), which refuses a stream without
 * audio at once and says when one arrives faster than real time, its lines on stderr.
 */
public final class LiveSource implements IngestJob.Source {

    private final DecodeOptions decode;
    private final Duration giveUp;
    private final BooleanSupplier stop;
    private final LiveStreamMessages messages;

    public LiveSource(DecodeOptions decode, Duration giveUp, BooleanSupplier stop, LiveStreamMessages messages) {
        this.decode = decode;
        this.giveUp = giveUp;
        this.stop = stop;
        this.messages = messages;
    }

    @Override
    public DecodeSummary decode(String input, MediaSink sink) throws MediaException {
        try {
            return new LiveReader(decode, giveUp, stop, messages).read(input, new AudioRequired(new RealTimeWatch(sink,
                    line -> messages.notice(line + UdpReceiveBuffer.capNotice(input)))));
        } catch (AudioRequired.NoAudioTrack e) {
            throw new MediaException(input, e.getMessage());
        }
    }
}
