package io.mmstream.streams.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Loopback UDP ports for tests that push live streams: free ones, and waiting until a command listens. */
final class UdpPorts {

    private UdpPorts() {}

    /** Whether something already listens on UDP {@code port} (binding it fails). */
    static boolean bound(int port) {
        try (DatagramSocket probe = new DatagramSocket(port, InetAddress.getLoopbackAddress())) {
            return false;
        } catch (SocketException inUse) {
            return true;
        }
    }

    static int free() throws SocketException {
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Waits (up to 90 s) until {@code command} listens on every port; fails with its output if it ended first. */
    static void awaitListening(CompletableFuture<CliRun> command, int... ports) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (!allBound(ports) && System.nanoTime() < until && !command.isDone()) {
            Thread.sleep(100);
        }
        assertTrue(allBound(ports), () -> "the command listens on its ports" + (command.isDone() ? ": " + command.join().err() : ""));
    }

    private static boolean allBound(int... ports) {
        for (int p : ports) {
            if (!bound(p)) {
                return false;
            }
        }
        return true;
    }
}
