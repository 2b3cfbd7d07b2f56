package io.mmstream.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class MediaLocationsTest {

    @Test
    void tellsFilesFromUrls() {
        assertEquals(Path.of("talk.mp4"), MediaLocations.localPath("talk.mp4"));
        assertEquals(Path.of("/tmp/a b.mp4"), MediaLocations.localPath("file:///tmp/a%20b.mp4"));
        assertNull(MediaLocations.localPath("http://example.org/talk.mp4"));
        assertTrue(MediaLocations.isNetwork("udp://127.0.0.1:5000"));
        assertTrue(MediaLocations.isNetwork("RTSP://cam/stream"));
        assertFalse(MediaLocations.isNetwork("/videos/talk.mp4"));
        assertFalse(MediaLocations.isNetwork("C:/videos/talk.mp4"));
    }

    @Test
    void baseNamesNameOutputs() {
        assertEquals("talk", MediaLocations.baseName("/videos/talk.mp4"));
        assertEquals("talk.final", MediaLocations.baseName("talk.final.webm"));
        assertEquals("index", MediaLocations.baseName("https://host/live/index.m3u8?token=1"));
        assertEquals("127.0.0.1:5000", MediaLocations.baseName("udp://127.0.0.1:5000"));
    }

    @Test
    void framesKeepTheirAspectWithEvenSides() {
        assertArrayEquals(new int[] {256, 144}, FrameScaler.targetSize(1920, 1080, 256));
        assertArrayEquals(new int[] {144, 256}, FrameScaler.targetSize(1080, 1920, 256));
        assertArrayEquals(new int[] {160, 120}, FrameScaler.targetSize(160, 120, 256), "never upscaled");
        assertArrayEquals(new int[] {1024, 576}, FrameScaler.targetSize(3840, 2160, 1024));
    }
}
