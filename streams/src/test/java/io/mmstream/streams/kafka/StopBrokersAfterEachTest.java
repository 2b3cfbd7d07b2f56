package io.mmstream.streams.kafka;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * Stops the brokers that a test's commands started, before JUnit removes the test's temporary
 * folders: a broker outlives the commands that use it by design, but not the test that made it.
 * A test that runs at the same time as others ({@code @Execution(CONCURRENT)}) stops only the brokers
 * of data dirs in its own {@code @TempDir} folders, so that it leaves the others' brokers running.
 * Registered for every test of this module through {@code META-INF/services} and
 * {@code junit-platform.properties}.
 */
public final class StopBrokersAfterEachTest implements AfterEachCallback {

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        boolean concurrent = context.getTestMethod().map(m -> m.getAnnotation(Execution.class))
                .map(e -> e.value() == ExecutionMode.CONCURRENT).orElse(false);
        List<Path> own = concurrent ? tempDirs(context) : List.of();
        for (Path dataDir : LocalBroker.used()) {
            if (!concurrent || own.stream().anyMatch(dataDir.toAbsolutePath()::startsWith)) {
                LocalBroker.stop(dataDir, Duration.ofSeconds(60));
            }
        }
    }

    /** The test's {@code @TempDir} fields (of its instance and its class), as absolute paths. */
    private static List<Path> tempDirs(ExtensionContext context) throws IllegalAccessException {
        List<Path> dirs = new ArrayList<>();
        Object instance = context.getTestInstance().orElse(null);
        for (Class<?> c = context.getRequiredTestClass(); c != null; c = c.getSuperclass()) {
            for (Field field : c.getDeclaredFields()) {
                if (field.isAnnotationPresent(TempDir.class) && Path.class.equals(field.getType())) {
                    boolean isStatic = Modifier.isStatic(field.getModifiers());
                    if (isStatic || instance != null) {
                        field.setAccessible(true);
                        Object value = field.get(isStatic ? null : instance);
                        if (value != null) {
                            dirs.add(((Path) value).toAbsolutePath());
                        }
                    }
                }
            }
        }
        return dirs;
    }
}
