package io.mmstream.asr.speakers;

import io.mmstream.asr.SpeakerChanges;
import io.mmstream.asr.Transcriber;
import io.mmstream.asr.Utterance;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A {@link Transcriber} that also listens for speaker changes: the audio goes to a recogniser and to a
 * {@link SpeakerChangeDetector}, and each utterance the recogniser reports carries the changes found
 * among its words and how far the detector has looked, so cues can end where the speaker changes.
 *
 * <p>One instance per stream, like the recogniser it wraps.
 */
public final class SpeakerTurnTranscriber implements Transcriber {

    private final Transcriber recogniser;
    private final SpeakerChangeDetector detector;
    /** Changes found since the last final utterance ended. */
    private final List<Long> changes = new ArrayList<>();

    /** {@code recogniser} with the detector settings measured on real speech ({@link SpeakerChangeDetector#tuned()}). */
    public SpeakerTurnTranscriber(Transcriber recogniser) {
        this(recogniser, SpeakerChangeDetector.tuned());
    }

    public SpeakerTurnTranscriber(Transcriber recogniser, SpeakerChangeDetector detector) {
        this.recogniser = recogniser;
        this.detector = detector;
    }

    @Override
    public Optional<Utterance> accept(long startUs, byte[] pcm, int length) {
        // the detector hears the chunk first, so the utterance it completes knows its changes
        changes.addAll(detector.accept(startUs, pcm, length));
        return recogniser.accept(startUs, pcm, length).map(this::withChanges);
    }

    @Override
    public Optional<Utterance> finish() {
        return recogniser.finish().map(this::withChanges);
    }

    @Override
    public Optional<Utterance> flush() {
        return recogniser.flush().map(this::withChanges);
    }

    @Override
    public void skipTo(long startUs) {
        recogniser.skipTo(startUs);
        // no change is looked for across a hole: speech after it is compared with speech after it
        detector.reset();
        changes.clear();
    }

    @Override
    public long positionUs() {
        return recogniser.positionUs();
    }

    private Utterance withChanges(Utterance heard) {
        List<Long> among = new ArrayList<>();
        for (long t : changes) {
            if (t > heard.startUs() && t <= heard.endUs()) {
                among.add(t);
            }
        }
        if (heard.isFinal()) {
            changes.removeIf(t -> t <= heard.endUs());
        }
        return heard.withSpeakerChanges(new SpeakerChanges(among, detector.checkedUntilUs()));
    }

    @Override
    public void close() {
        recogniser.close();
    }
}
