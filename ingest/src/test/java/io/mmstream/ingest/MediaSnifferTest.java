package io.mmstream.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Media told by content on the fixtures (MP4, WebM, Ogg, a truncated MP4), and content ids that follow the bytes. */
class MediaSnifferTest {

    @TempDir
    Path work;

    @Test
    void mediaIsToldByItsBytesWhateverItsName() throws Exception {
        for (String name : new String[] {"dashwood.webm", "audio-only.ogg", "theora.ogv", "vfr.mp4", "video-only.mp4"}) {
            Path renamed = Files.copy(Fixtures.media(name), work.resolve(name + ".bin"));
            assertEquals(MediaSniffer.Verdict.MEDIA, MediaSniffer.sniff(renamed), name);
        }
        assertEquals(MediaSniffer.Verdict.MEDIA, MediaSniffer.sniff(Fixtures.sample("dashwood.mp4")));
        assertEquals(MediaSniffer.Verdict.NAMED_LIKE_MEDIA, MediaSniffer.sniff(Fixtures.media("empty.mp4")));
        Path notes = Files.writeString(work.resolve("notes.txt"), "a shopping list, not a film");
        assertEquals(MediaSniffer.Verdict.OTHER, MediaSniffer.sniff(notes));
        Path fake = Files.copy(Fixtures.media("random.bin"), work.resolve("holiday.mp4"));
        assertEquals(MediaSniffer.Verdict.NAMED_LIKE_MEDIA, MediaSniffer.sniff(fake), "random bytes named .mp4 are reported");
    }

    @Test
    void contentIdsFollowTheBytesNotTheName() throws Exception {
        Path a = Fixtures.media("audio-only.ogg");
        Path moved = Files.copy(a, work.resolve("elsewhere.ogg"));
        assertEquals(ContentIds.of(a), ContentIds.of(moved));
        assertTrue(ContentIds.isContentId(ContentIds.of(a)));
        byte[] changed = Files.readAllBytes(a);
        changed[changed.length / 2] ^= 1;
        Path edited = Files.write(work.resolve("edited.ogg"), changed);
        assertNotEquals(ContentIds.of(a), ContentIds.of(edited));
    }
}
