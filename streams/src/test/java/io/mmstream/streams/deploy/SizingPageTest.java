package io.mmstream.streams.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.mmstream.streams.topics.Topic;
import io.mmstream.streams.topics.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The partitions table of {@code deploy/SIZING.md} lists every topic of the code with its partitions, in order. */
class SizingPageTest {

    /** A row of the table: {@code | `mm.audio` | 4 | ...}. */
    private static final Pattern ROW = Pattern.compile("^\\| `(mm\\.[a-z-]+)` \\| (\\d+) \\|", Pattern.MULTILINE);

    @Test
    void partitionsTableMatchesTheTopicsOfTheCode() throws IOException {
        String page = Files.readString(DeployManifests.load().folder().resolve("SIZING.md"));
        Map<String, Integer> table = new LinkedHashMap<>();
        Matcher row = ROW.matcher(page);
        while (row.find()) {
            table.put(row.group(1), Integer.parseInt(row.group(2)));
        }
        Map<String, Integer> code = new LinkedHashMap<>();
        for (Topic<?, ?> topic : Topics.all()) {
            code.put(topic.name(), topic.partitions());
        }
        assertEquals(code, table, "deploy/SIZING.md's partitions table (topic, partitions) against Topics.all()");
    }
}
