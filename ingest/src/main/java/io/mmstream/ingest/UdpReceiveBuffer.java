package io.mmstream.ingest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The receive buffer mmstream asks the kernel for on {@code udp://} and {@code rtp://} streams.
 *
 * <p>FFmpeg asks for 64 KiB: a sender that bursts (a restreamer catching up, a file sent without
 * {@code -re}) overflows that, and what FFmpeg's reading thread is not scheduled in time to take is
 * lost ({@code bench/udp-burst.sh}). The kernel grants at most
 * {@code net.core.rmem_max}; a {@code buffer_size} in the URL still wins.
 */
public final class UdpReceiveBuffer {

    /** The size asked for: 8 MiB, a few seconds of a broadcast stream. */
    public static final int BYTES = 8 << 20;

    private static final Path KERNEL_CAP = Path.of("/proc/sys/net/core/rmem_max");

    private UdpReceiveBuffer() {}

    /** Whether {@code url} is read from a UDP socket of its own. */
    public static boolean appliesTo(String url) {
        String scheme = MediaLocations.scheme(url);
        return "udp".equals(scheme) || "rtp".equals(scheme);
    }

    /**
     * What to add to the line that says {@code url} arrives faster than real time when the kernel grants
     * less than {@link #BYTES}: the cap and how to raise it; empty otherwise.
     */
    public static String capNotice(String url) {
        if (!appliesTo(url)) {
            return "";
        }
        long cap = kernelCap();
        if (cap <= 0 || cap >= BYTES) {
            return "";
        }
        return String.format(Locale.ROOT, "; over UDP the kernel buffers at most %d KiB of a burst (net.core.rmem_max): "
                + "sysctl -w net.core.rmem_max=%d raises it", cap / 1024, BYTES);
    }

    /** {@code net.core.rmem_max}, or -1 where it cannot be read (not Linux). */
    static long kernelCap() {
        // read as a stream: procfs reports no size, and Files.readString read "2" of "212992" here
        try (java.io.BufferedReader in = Files.newBufferedReader(KERNEL_CAP)) {
            String line = in.readLine();
            return line == null ? -1 : Long.parseLong(line.strip());
        } catch (IOException | NumberFormatException | SecurityException e) {
            return -1;
        }
    }
}
