package io.mmstream.asr;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class WordErrorRateTest {

    @Test
    void countsSubstitutionsDeletionsAndInsertions() {
        assertEquals(0.0, WordErrorRate.of("he was not an ill disposed young man", "He was not an ill-disposed young man."), 1e-9,
                "case and punctuation do not count... but a hyphen splits words");
        assertEquals(2 / 8.0, WordErrorRate.of("he was not an ill disposed young man", "he was not an old supposed young man"), 1e-9);
        assertEquals(1 / 3.0, WordErrorRate.of("a b c", "a c"), 1e-9);
        assertEquals(1 / 3.0, WordErrorRate.of("a b c", "a b x c"), 1e-9);
        assertEquals(1.0, WordErrorRate.of("a b c", ""), 1e-9);
        assertEquals(0.0, WordErrorRate.of("", ""), 1e-9);
    }
}
