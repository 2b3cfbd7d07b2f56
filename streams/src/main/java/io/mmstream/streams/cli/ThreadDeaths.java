package io.mmstream.streams.cli;

import java.io.PrintStream;

/**
 * Reports on stderr every exception that ends a thread of the process, with the thread's name,
 * which for the threads that read inputs names the input or stream; no thread dies without a word.
 */
final class ThreadDeaths {

    private ThreadDeaths() {}

    /** Makes every thread without a handler of its own report its death on {@code err}. */
    static void reportOn(PrintStream err) {
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> {
            synchronized (err) {
                err.println("mmstream: thread \"" + thread.getName() + "\" died: " + e);
                e.printStackTrace(err);
                err.flush();
            }
        });
    }
}
