package io.mmstream.streams.deploy;

import io.mmstream.streams.topics.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The Kafka Streams application ids the code uses, found in the compiled topologies rather than
 * listed by hand: every {@code *Topology} class's {@code APPLICATION_ID} constant, and the
 * {@code applicationId()} of each constant of their nested enums (the captioning modes). A new
 * topology is thus found without touching the test.
 */
final class CodeApplicationIds {

    private CodeApplicationIds() {}

    static Set<String> find() {
        Path classes = classesFolder();
        Set<String> ids = new TreeSet<>();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(CodeApplicationIds::isTopologyClass).toList()) {
                String name = classes.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
                collect(Class.forName(name), ids);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + classes, e);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("cannot read the application ids of the topologies: " + e, e);
        }
        if (ids.isEmpty()) {
            throw new AssertionError("no APPLICATION_ID found in the *Topology classes under " + classes);
        }
        return ids;
    }

    private static boolean isTopologyClass(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith("Topology.class") || name.matches(".*Topology\\$[A-Za-z]+\\.class");
    }

    private static void collect(Class<?> type, Set<String> ids) throws ReflectiveOperationException {
        for (Field field : type.getDeclaredFields()) {
            if (field.getName().equals("APPLICATION_ID") && Modifier.isStatic(field.getModifiers())
                    && field.getType() == String.class) {
                field.setAccessible(true);
                ids.add((String) field.get(null));
            }
        }
        if (type.isEnum()) {
            Method applicationId;
            try {
                applicationId = type.getMethod("applicationId");
            } catch (NoSuchMethodException e) {
                return;
            }
            for (Object constant : type.getEnumConstants()) {
                ids.add((String) applicationId.invoke(constant));
            }
        }
    }

    private static Path classesFolder() {
        try {
            return Path.of(Topics.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new AssertionError("cannot locate the compiled classes: " + e, e);
        }
    }
}
