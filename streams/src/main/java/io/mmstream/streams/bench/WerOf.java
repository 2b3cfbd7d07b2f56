package io.mmstream.streams.bench;

import io.mmstream.asr.WordErrorRate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Prints the word error rate of a hypothesis text file against a reference text file (for bench scripts). */
public final class WerOf {

    private WerOf() {}

    public static void main(String[] args) throws Exception {
        String reference = Files.readString(Path.of(args[0]));
        String hypothesis = Files.readString(Path.of(args[1]));
        System.out.printf(Locale.ROOT, "%.3f%n", WordErrorRate.of(reference, hypothesis));
    }
}
