package io.mmstream.streams.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where serve's token comes from: the file wins over the environment; a bad file is named. */
class ServeTokenTest {

    @TempDir
    Path work;

    @Test
    void theFileWinsOverTheEnvironmentAndABadFileIsNamed() throws Exception {
        Path file = Files.writeString(work.resolve("token"), "from-file\n");
        assertTrue(ServeToken.configured(file, Map.of(ServeToken.ENV, "from-env")).accepts("from-file"));
        assertFalse(ServeToken.configured(file, Map.of(ServeToken.ENV, "from-env")).accepts("from-env"));
        assertTrue(ServeToken.configured(null, Map.of(ServeToken.ENV, "from-env")).accepts("from-env"));
        assertNull(ServeToken.configured(null, Map.of()));
        assertNull(ServeToken.configured(null, Map.of(ServeToken.ENV, "  ")));

        Path empty = Files.writeString(work.resolve("empty"), "\n");
        String why = assertThrows(IllegalArgumentException.class, () -> ServeToken.configured(empty, Map.of())).getMessage();
        assertTrue(why.startsWith(empty.toString()) && why.contains("empty"), why);
        Path missing = work.resolve("missing");
        why = assertThrows(IllegalArgumentException.class, () -> ServeToken.configured(missing, Map.of())).getMessage();
        assertTrue(why.startsWith(missing.toString()) && why.contains("cannot read"), why);
    }

    @Test
    void onlyLoopbackAddressesCountAsPrivate() {
        assertTrue(ServeToken.isLoopback("127.0.0.1"));
        assertTrue(ServeToken.isLoopback("::1"));
        assertFalse(ServeToken.isLoopback("0.0.0.0"));
    }
}
