package io.mmstream.streams.artifacts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Which versions a publication withdraws from {@code mm.artifacts}. */
class ArtifactPublisherTest {

    @Test
    void theNewestThreeByTheirTimeStampStayWhateverTheirNames() {
        List<String> versions = List.of("videobert-tiny-20261130-101638-s42", "videobert-base-20261128-090000-s42",
                "videobert-small-20261129-120000-s7", "videobert-base-20261130-120000-s42", "videobert-large-20261127-235959-s1");
        assertEquals(List.of("videobert-large-20261127-235959-s1", "videobert-base-20261128-090000-s42"),
                ArtifactPublisher.staleVersions(versions, "videobert-base-20261130-120000-s42", "videobert-base-20261130-120000-s42"));
    }

    @Test
    void theCurrentVersionStaysHoweverOldAndAnUndatedNameIsNeverWithdrawn() {
        List<String> versions = List.of("cb-20261101-000000-2x3-s42", "cb-20261102-000000-2x3-s42", "cb-20261103-000000-2x3-s42",
                "cb-20261104-000000-2x3-s42", "cb-20261105-000000-2x3-s42", "cb-20261105-000000-2x3-s42-2", "hand-made");
        assertEquals(List.of("cb-20261102-000000-2x3-s42", "cb-20261103-000000-2x3-s42"),
                ArtifactPublisher.staleVersions(versions, "cb-20261101-000000-2x3-s42", "cb-20261105-000000-2x3-s42-2"));
        assertEquals(List.of(), ArtifactPublisher.staleVersions(List.of("cb-20261101-000000-2x3-s42"), null, "cb-20261101-000000-2x3-s42"));
    }
}
