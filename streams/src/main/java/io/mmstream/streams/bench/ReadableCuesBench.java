package io.mmstream.streams.bench;

import io.mmstream.asr.Transcriber;
import io.mmstream.asr.Utterance;
import io.mmstream.asr.VoskModels;
import io.mmstream.asr.VoskTranscriber;
import io.mmstream.asr.WordErrorRate;
import io.mmstream.asr.captions.Cue;
import io.mmstream.asr.captions.LiveCues;
import io.mmstream.asr.captions.SpokenNumbers;
import io.mmstream.asr.speakers.SpeakerTurnTranscriber;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;

/**
 * What readable cues cost in accuracy: Vosk with partial results fed a file of 16 kHz mono s16le PCM in
 * 100 ms chunks, as live audio comes, through the speaker-change detector and {@link LiveCues}; the final
 * cues (a later cue with the same start replaces an earlier one) scored against a reference text. Prints
 * the cues, then the WER (after the usual normalisation: lower case, no punctuation) of the recognised words
 * and of the cue text against the spoken reference, and against the reference with its numbers as digits
 * ({@link SpokenNumbers}) that of the words with their numbers as digits too and that of the cue text; and
 * the cue count.
 *
 * <p>Usage: {@code ReadableCuesBench PCM_FILE REFERENCE_TEXT_FILE CACHE_DIR [--no-speakers]}.
 */
public final class ReadableCuesBench {

    private ReadableCuesBench() {}

    public static void main(String[] args) throws Exception {
        byte[] pcm = Files.readAllBytes(Path.of(args[0]));
        String reference = Files.readString(Path.of(args[1])).strip().replaceAll("\\s+", " ");
        boolean speakers = !List.of(args).contains("--no-speakers");
        Path cache = Path.of(args[2]);
        // the model's view for live streams: endpoints at 0.6 of the model's silences, as `live` loads it
        var model = VoskModels.load(VoskModels.withShorterEndpoints(VoskModels.smallEnglish(cache), cache, 0.6));
        LiveCues live = new LiveCues();
        TreeMap<Long, Cue> finals = new TreeMap<>();
        StringBuilder words = new StringBuilder();
        Transcriber vosk = new VoskTranscriber(model, true);
        try (Transcriber t = speakers ? new SpeakerTurnTranscriber(vosk) : vosk) {
            for (int off = 0; off < pcm.length; off += 3200) {
                int n = Math.min(3200, pcm.length - off);
                t.accept(off / 2 * 1_000_000L / 16_000, Arrays.copyOfRange(pcm, off, off + n), n)
                        .ifPresent(u -> take(u, live, finals, words));
            }
            t.finish().ifPresent(u -> take(u, live, finals, words));
        }
        List<String> texts = new ArrayList<>();
        for (Cue c : finals.values()) {
            if (!c.lines().isEmpty()) {
                System.out.printf(Locale.ROOT, "%7.2f %7.2f  %s%n", c.startUs() / 1e6, c.endUs() / 1e6, c.text());
                texts.add(c.text());
            }
        }
        String cueText = String.join(" ", texts);
        String referenceDigits = digits(reference);
        // the same normaliser on both sides: the recognised words with their numbers as digits, against the
        // reference with its numbers as digits, is what the cue text can at best score
        System.out.printf(Locale.ROOT,
                "WER against the spoken reference: words %.4f, cue text %.4f; against the reference with digits: words with"
                        + " digits %.4f, cue text %.4f (%d reference tokens); %d cues, speakers %s%n",
                WordErrorRate.of(reference, words.toString()), WordErrorRate.of(reference, cueText),
                WordErrorRate.of(referenceDigits, digits(words.toString())), WordErrorRate.of(referenceDigits, cueText.replace(",", "")),
                referenceDigits.split(" ").length, finals.size(), speakers ? "on" : "off");
    }

    private static String digits(String text) {
        return String.join(" ", SpokenNumbers.digits(List.of(text.strip().split("\\s+")))).replace(",", "");
    }

    private static void take(Utterance u, LiveCues live, TreeMap<Long, Cue> finals, StringBuilder words) {
        if (u.isFinal()) {
            words.append(u.text()).append(' ');
        }
        for (Cue c : live.next(u)) {
            if (c.isFinal()) {
                finals.put(c.startUs(), c);
            }
        }
    }
}
