package io.mmstream.ingest;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the committed media fixtures are (see fixtures/NOTICE.md): shared by the modules' tests. */
public final class Fixtures {

    private Fixtures() {}

    /** The repository root, from the build's {@code mmstream.root} property or by walking up. */
    public static Path root() {
        String configured = System.getProperty("mmstream.root");
        if (configured != null) {
            return Path.of(configured);
        }
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("fixtures"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("cannot find the repository's fixtures/ folder");
        }
        return dir;
    }

    /** A file of {@code fixtures/}. */
    public static Path media(String name) {
        return root().resolve("fixtures").resolve(name);
    }

    /** A file of {@code samples/}. */
    public static Path sample(String name) {
        return root().resolve("samples").resolve(name);
    }
}
