package io.mmstream.streams.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ThreadDeathsTest {

    @Test
    void aThreadThatDiesSaysSoWithItsNameAndTheException() throws Exception {
        Thread.UncaughtExceptionHandler before = Thread.getDefaultUncaughtExceptionHandler();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            ThreadDeaths.reportOn(new PrintStream(bytes, true, StandardCharsets.UTF_8));
            Thread reader = new Thread(() -> {
                throw new IllegalStateException("decoder gone");
            }, "mmstream-ingest udp://127.0.0.1:5000");
            reader.start();
            reader.join();
        } finally {
            Thread.setDefaultUncaughtExceptionHandler(before);
        }
        String said = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(said.startsWith("mmstream: thread \"mmstream-ingest udp://127.0.0.1:5000\" died: "
                + "java.lang.IllegalStateException: decoder gone"), said);
        assertTrue(said.contains("at io.mmstream.streams.cli.ThreadDeathsTest"), "with its stack trace: " + said);
    }
}
