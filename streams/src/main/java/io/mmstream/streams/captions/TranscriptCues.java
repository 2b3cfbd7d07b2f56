package io.mmstream.streams.captions;

import io.mmstream.asr.Utterance;
import io.mmstream.asr.Word;
import io.mmstream.asr.captions.Cue;
import io.mmstream.asr.captions.CueSegmenter;
import io.mmstream.streams.records.Caption;
import io.mmstream.streams.records.TimedWord;
import io.mmstream.streams.records.Transcript;
import java.util.ArrayList;
import java.util.List;

/** Turns one transcript record into the caption records it makes: cues for a final, one cue for a partial. */
final class TranscriptCues {

    private final CueSegmenter segmenter = new CueSegmenter();

    List<Caption> captions(Transcript t) {
        long now = System.currentTimeMillis();
        if (t.getEndOfStream()) {
            return List.of(caption(t.getVideoId(), new Cue(t.getStartUs(), t.getEndUs(), List.of(), true), true, now));
        }
        Utterance u = utterance(t);
        if (!u.isFinal()) {
            return List.of(caption(t.getVideoId(), segmenter.partial(u), false, now));
        }
        List<Caption> out = new ArrayList<>();
        for (Cue cue : segmenter.cues(u)) {
            out.add(caption(t.getVideoId(), cue, false, now));
        }
        return out;
    }

    static Utterance utterance(Transcript t) {
        List<Word> words = new ArrayList<>(t.getWords().size());
        for (TimedWord w : t.getWords()) {
            words.add(new Word(w.getText(), w.getStartUs(), w.getEndUs(), w.getConfidence()));
        }
        return new Utterance(t.getStartUs(), t.getEndUs(), t.getText(), words, t.getIsFinal());
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
