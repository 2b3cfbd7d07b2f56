package io.mmstream.asr.captions;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class CueTextTest {

    private static String readable(String words, boolean opens, boolean closes) {
        return String.join(" ", CueText.readable(List.of(words.split(" ")), opens, closes));
    }

    @Test
    void aWholeUtteranceReadsAsASentence() {
        assertEquals("I think I'm right about the 12 of them.", readable("i think i'm right about the twelve of them", true, true));
    }

    @Test
    void aCueInsideAnUtteranceNeitherOpensNorClosesIt() {
        assertEquals("and so I said", readable("and so i said", false, false));
    }
}
