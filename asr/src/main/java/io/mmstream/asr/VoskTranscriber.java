package io.mmstream.asr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.vosk.Model;
import org.vosk.Recognizer;

/**
 * A {@link Transcriber} backed by Vosk: feed it 16 kHz mono PCM in order, get partial and final utterances.
 *
 * <p>One instance per stream (a Vosk recogniser holds that stream's decoding state); not thread-safe.
 * Word times from Vosk count from the first sample fed and are shifted to media time.
 */
public final class VoskTranscriber implements Transcriber {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Recognizer recognizer;
    private long originUs = -1;
    private long fedSamples;
    private long utteranceStartUs;
    private final boolean partials;
    private String lastPartial = "";

    /** A recogniser that reports partial results as they form: what live captions need. */
    public VoskTranscriber(Model model) {
        this(model, true);
    }

    /**
     * A recogniser; without {@code partials} only final utterances are reported, which spares Vosk
     * the partial decoding after every chunk (files need no partial captions).
     */
    public VoskTranscriber(Model model, boolean partials) {
        try {
            recognizer = new Recognizer(model, 16_000f);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a Vosk recognizer", e);
        }
        this.partials = partials;
        recognizer.setWords(true);
        recognizer.setPartialWords(partials);
    }

    /**
     * Feeds a chunk that starts at media time {@code startUs}.
     *
     * @return the final utterance when Vosk found an endpoint in it, a partial when the partial text
     *     changed, else nothing
     */
    @Override
    public Optional<Utterance> accept(long startUs, byte[] pcm, int length) {
        if (originUs < 0) {
            originUs = startUs;
            utteranceStartUs = startUs;
        }
        fedSamples += length / 2;
        if (recognizer.acceptWaveForm(pcm, length)) {
            // Vosk forgets the utterance unless its result is read at once.
            return finalResult(recognizer.getResult());
        }
        return partials ? partialResult(recognizer.getPartialResult()) : Optional.empty();
    }

    /** Flushes what is left at the end of the stream as a last final utterance, if any words remain. */
    @Override
    public Optional<Utterance> finish() {
        return flush();
    }

    /** Vosk's final result of the audio fed so far; the recogniser starts a new utterance after it. */
    @Override
    public Optional<Utterance> flush() {
        return finalResult(recognizer.getFinalResult());
    }

    @Override
    public void skipTo(long startUs) {
        long position = positionUs();
        if (originUs >= 0 && startUs > position) {
            // Vosk counts time in samples fed: the hole moves the origin those samples count from
            originUs += startUs - position;
            utteranceStartUs = startUs;
        }
    }

    /** Media time just after the last sample fed. */
    @Override
    public long positionUs() {
        return originUs < 0 ? 0 : originUs + fedSamples * 1_000_000L / 16_000;
    }

    private Optional<Utterance> finalResult(String json) {
        lastPartial = "";
        long heardUntil = positionUs();
        List<Word> words = words(parse(json).path("result"));
        utteranceStartUs = heardUntil;
        if (words.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Utterance(
                words.get(0).startUs(), words.get(words.size() - 1).endUs(), join(words), words, true));
    }

    private Optional<Utterance> partialResult(String json) {
        JsonNode node = parse(json);
        String text = node.path("partial").asText("").strip();
        if (text.isEmpty() || text.equals(lastPartial)) {
            return Optional.empty();
        }
        lastPartial = text;
        List<Word> words = words(node.path("partial_result"));
        long start = words.isEmpty() ? utteranceStartUs : words.get(0).startUs();
        return Optional.of(new Utterance(start, positionUs(), text, words, false));
    }

    private List<Word> words(JsonNode array) {
        List<Word> words = new ArrayList<>();
        for (JsonNode w : array) {
            words.add(new Word(
                    w.path("word").asText(),
                    originUs + Math.round(w.path("start").asDouble() * 1e6),
                    originUs + Math.round(w.path("end").asDouble() * 1e6),
                    (float) w.path("conf").asDouble(1.0)));
        }
        return words;
    }

    private static String join(List<Word> words) {
        StringBuilder text = new StringBuilder();
        for (Word w : words) {
            if (text.length() > 0) {
                text.append(' ');
            }
            text.append(w.text());
        }
        return text.toString();
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException("Vosk returned malformed JSON: " + json, e);
        }
    }

    @Override
    public void close() {
        recognizer.close();
    }
}
