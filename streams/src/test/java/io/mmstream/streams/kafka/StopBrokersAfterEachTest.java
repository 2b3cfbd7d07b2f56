package io.mmstream.streams.kafka;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Stops the brokers that a test's commands started, before JUnit removes the test's temporary
 * folders: a broker outlives the commands that use it by design, but not the test that made it.
 * Registered for every test of this module through {@code META-INF/services} and
 * {@code junit-platform.properties}.
 */
public final class StopBrokersAfterEachTest implements AfterEachCallback {

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        for (Path dataDir : LocalBroker.used()) {
            LocalBroker.stop(dataDir, Duration.ofSeconds(60));
        }
    }
}
