package io.mmstream.streams.captions;

import io.mmstream.streams.records.Caption;
import io.mmstream.streams.records.Transcript;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/** Makes the caption records of each transcript, and commits at once when a video's stream ends. */
final class CueProcessor implements FixedKeyProcessor<String, Transcript, Caption> {

    private final TranscriptCues cues;
    private FixedKeyProcessorContext<String, Caption> context;

    /** Cue making for live streams when {@code live} (cues leave as their words settle), else for files. */
    CueProcessor(boolean live) {
        cues = new TranscriptCues(live);
    }

    @Override
    public void init(FixedKeyProcessorContext<String, Caption> context) {
        this.context = context;
    }

    @Override
    public void process(FixedKeyRecord<String, Transcript> record) {
        if (record.value() == null) {
            return;
        }
        for (Caption caption : cues.captions(record.value())) {
            context.forward(record.withValue(caption));
        }
        if (record.value().getEndOfStream()) {
            context.commit();
        }
    }
}
