package io.mmstream.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class UdpReceiveBufferTest {

    @Test
    void onlyStreamsOnASocketOfTheirOwnAskForIt() {
        assertTrue(UdpReceiveBuffer.appliesTo("udp://0.0.0.0:5000"));
        assertTrue(UdpReceiveBuffer.appliesTo("rtp://127.0.0.1:5004"));
        assertFalse(UdpReceiveBuffer.appliesTo("srt://127.0.0.1:9000?mode=listener"));
        assertFalse(UdpReceiveBuffer.appliesTo("http://example.org/live.m3u8"));
        assertFalse(UdpReceiveBuffer.appliesTo("/videos/talk.mp4"));
        assertEquals("", UdpReceiveBuffer.capNotice("rtmp://127.0.0.1/live/a"));
    }

    @Test
    void aKernelCapBelowTheAskIsNamedWithTheWayToRaiseIt() {
        long cap = UdpReceiveBuffer.kernelCap();
        if (java.nio.file.Files.exists(java.nio.file.Path.of("/proc/sys/net/core/rmem_max"))) {
            // the whole figure (procfs files report no size: a careless read once took "2" of "212992")
            assertTrue(cap >= 4096, "net.core.rmem_max read as " + cap);
        }
        String notice = UdpReceiveBuffer.capNotice("udp://0.0.0.0:5000");
        if (cap > 0 && cap < UdpReceiveBuffer.BYTES) {
            assertEquals("; over UDP the kernel buffers at most " + cap / 1024 + " KiB of a burst (net.core.rmem_max): "
                    + "sysctl -w net.core.rmem_max=8388608 raises it", notice);
        } else {
            assertEquals("", notice);
        }
    }
}
