package io.mmstream.streams.cli;

import io.mmstream.ingest.DecodeOptions;
import java.time.Duration;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** How live streams are read ({@code live}, {@code serve}): when a stream has stalled, and when it has ended. */
final class LiveStreamOptions {

    /** Audio goes to the recogniser in 100 ms chunks live (200 ms for files): words show up sooner. */
    static final int LIVE_CHUNK_MS = 100;

    @Option(names = "--stall", paramLabel = "SEC", defaultValue = "3",
            description = "A stream silent this long has stalled and is reopened (default: ${DEFAULT-VALUE}).")
    int stallSeconds;

    @Option(names = "--timeout", paramLabel = "SEC", defaultValue = "15",
            description = "A stream silent this long, reopenings included, has ended (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    /** Refuses settings that cannot work, as a usage error of {@code command}. */
    void validate(CommandLine command) {
        if (stallSeconds < 1 || timeoutSeconds < stallSeconds) {
            throw new ParameterException(command,
                    "--stall must be at least 1 s and --timeout at least --stall (got " + stallSeconds + " and " + timeoutSeconds + ")");
        }
    }

    /** Audio only, in live chunks, a read that waits longer than the stall time giving up. */
    DecodeOptions decodeOptions() {
        return DecodeOptions.audioOnly().withChunkMillis(LIVE_CHUNK_MS).withIoTimeout(Duration.ofSeconds(stallSeconds));
    }

    Duration timeout() {
        return Duration.ofSeconds(timeoutSeconds);
    }
}
