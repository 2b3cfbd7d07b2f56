package io.mmstream.streams.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The transactional ids of the producers the code makes itself, outside Kafka Streams (whose ids
 * start with the application id): the string each {@code TRANSACTIONAL_ID_CONFIG} is given in
 * the main sources begins with, e.g. {@code "mmstream-artifacts-"} for {@code "mmstream-artifacts-" + uuid}.
 */
final class CodeTransactionalIds {

    private static final Pattern SETTING = Pattern.compile("TRANSACTIONAL_ID_CONFIG\\s*,\\s*\"([^\"]+)\"");

    private CodeTransactionalIds() {}

    static Set<String> prefixes(Path mainSources) {
        Set<String> prefixes = new TreeSet<>();
        try (Stream<Path> files = Files.walk(mainSources)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                Matcher m = SETTING.matcher(Files.readString(file));
                while (m.find()) {
                    prefixes.add(m.group(1));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + mainSources, e);
        }
        return prefixes;
    }
}
