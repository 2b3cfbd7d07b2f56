package io.mmstream.streams.captions;

import io.mmstream.asr.SpeakerChanges;
import io.mmstream.asr.Utterance;
import io.mmstream.asr.Word;
import io.mmstream.asr.captions.Cue;
import io.mmstream.asr.captions.CueSegmenter;
import io.mmstream.asr.captions.LiveCues;
import io.mmstream.streams.records.Caption;
import io.mmstream.streams.records.TimedWord;
import io.mmstream.streams.records.Transcript;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns one transcript record into the caption records it makes.
 *
 * <p>Files: the cues of each final utterance. Live streams: cues as their words settle ({@link LiveCues},
 * one per stream), so a long utterance's full cues leave before the recogniser ends it.
 */
final class TranscriptCues {

    private final CueSegmenter segmenter = new CueSegmenter();
    private final boolean live;
    private final Map<String, LiveCues> streams = new HashMap<>();

    /** Cue making for live streams when {@code live}, else for files. */
    TranscriptCues(boolean live) {
        this.live = live;
    }

    List<Caption> captions(Transcript t) {
        long now = System.currentTimeMillis();
        if (t.getEndOfStream()) {
            streams.remove(t.getVideoId());
            return List.of(caption(t.getVideoId(), new Cue(t.getStartUs(), t.getEndUs(), List.of(), true), true, now));
        }
        Utterance u = utterance(t);
        List<Cue> cues;
        if (live) {
            cues = streams.computeIfAbsent(t.getVideoId(), v -> new LiveCues(segmenter)).next(u);
        } else {
            cues = u.isFinal() ? segmenter.cues(u) : List.of(segmenter.partial(u));
        }
        List<Caption> out = new ArrayList<>(cues.size());
        for (Cue cue : cues) {
            out.add(caption(t.getVideoId(), cue, false, now));
        }
        return out;
    }

    static Utterance utterance(Transcript t) {
        List<Word> words = new ArrayList<>(t.getWords().size());
        for (TimedWord w : t.getWords()) {
            words.add(new Word(w.getText(), w.getStartUs(), w.getEndUs(), w.getConfidence()));
        }
        return new Utterance(t.getStartUs(), t.getEndUs(), t.getText(), words, t.getIsFinal(),
                new SpeakerChanges(t.getSpeakerChangesUs(), t.getSpeakersCheckedUntilUs()));
    }

    private static Caption caption(String video, Cue cue, boolean endOfStream, long now) {
        return Caption.newBuilder()
                .setVideoId(video)
                .setStartUs(cue.startUs())
                .setEndUs(cue.endUs())
                .setLines(cue.lines())
                .setIsFinal(cue.isFinal())
                .setEndOfStream(endOfStream)
                .setEmittedAtMs(now)
                .build();
    }
}
