package io.mmstream.streams.kafka;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
 * {@code junit-platform.properties}. When the test failed, the end of each of those brokers' logs is
 * printed first, so that a broker's part in the failure can be read from the build's output.
 */
public final class StopBrokersAfterEachTest implements AfterEachCallback {

    private static final int TAIL_LINES = 40;

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        boolean concurrent = context.getTestMethod().map(m -> m.getAnnotation(Execution.class))
                .map(e -> e.value() == ExecutionMode.CONCURRENT).orElse(false);
        List<Path> own = concurrent ? tempDirs(context) : List.of();
        for (Path dataDir : LocalBroker.used()) {
            if (!concurrent || own.stream().anyMatch(dataDir.toAbsolutePath()::startsWith)) {
                if (context.getExecutionException().isPresent()) {
                    printTail(new BrokerFiles(dataDir).log());
                }
                LocalBroker.stop(dataDir, Duration.ofSeconds(60));
            }
        }
    }

    private static void printTail(Path log) throws IOException {
        if (Files.isRegularFile(log)) {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            System.err.println("--- the last lines of " + log + " ---");
            lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size()).forEach(System.err::println);
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
