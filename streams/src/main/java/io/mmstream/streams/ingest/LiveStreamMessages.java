package io.mmstream.streams.ingest;

import io.mmstream.ingest.LiveReader;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;

/** Tells a user on stderr how a live stream is going: stalls, reopenings, its return and its end, one line each. */
public final class LiveStreamMessages implements LiveReader.Events {

    private final PrintWriter err;
    private final String prefix;

    /** Lines start with {@code prefix} (the stream's URL, or a job's id and URL). */
    public LiveStreamMessages(PrintWriter err, String prefix) {
        this.err = err;
        this.prefix = prefix;
    }

    @Override
    public void reconnecting(String reason, int attempt, Duration wait) {
        say(reason + "; reopening" + (wait.isZero() ? "" : String.format(Locale.ROOT, " in %.1f s", wait.toMillis() / 1000.0))
                + " (attempt " + attempt + ")");
    }

    @Override
    public void resumed(int attempt) {
        say("stream back after " + attempt + (attempt == 1 ? " reopening" : " reopenings"));
    }

    @Override
    public void ended(String reason) {
        say(reason);
    }

    @Override
    public void paused(Duration gap) {
        say(String.format(Locale.ROOT, "stream back after a %.1f s pause (no reopening needed); its times keep the gap", gap.toMillis() / 1000.0));
    }

    /** Any other line about the stream (it arrives faster than real time, ...). */
    public void notice(String line) {
        say(line);
    }

    private void say(String line) {
        synchronized (err) {
            err.println(prefix + ": " + line);
            err.flush();
        }
    }
}
