package io.mmstream.streams.kafka;

import java.util.Properties;

/**
 * What the broker process of a data dir tells the commands through its address file.
 *
 * @param pid the broker process
 * @param state {@code starting}, {@code ready} or {@code failed}
 * @param bootstrapServers where clients connect (empty until ready)
 * @param controllerPort the KRaft controller's port (kept, like the broker port, across restarts when free)
 * @param startedAtMs when the process started, ms since the epoch
 * @param idleSeconds how long it waits without a command before it stops
 * @param reason why it failed (empty otherwise)
 */
public record BrokerAddress(long pid, String state, String bootstrapServers, int controllerPort, long startedAtMs,
        long idleSeconds, String reason) {

    public static final String STARTING = "starting";
    public static final String READY = "ready";
    public static final String FAILED = "failed";

    public boolean ready() {
        return READY.equals(state);
    }

    public boolean failed() {
        return FAILED.equals(state);
    }

    /** The broker's port, or 0 when not known. */
    public int brokerPort() {
        int colon = bootstrapServers.lastIndexOf(':');
        try {
            return colon < 0 ? 0 : Integer.parseInt(bootstrapServers.substring(colon + 1));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    BrokerAddress withState(String newState, String newReason) {
        return new BrokerAddress(pid, newState, bootstrapServers, controllerPort, startedAtMs, idleSeconds, newReason);
    }

    Properties toProperties() {
        Properties p = new Properties();
        p.setProperty("pid", Long.toString(pid));
        p.setProperty("state", state);
        p.setProperty("bootstrap.servers", bootstrapServers);
        p.setProperty("controller.port", Integer.toString(controllerPort));
        p.setProperty("started.at.ms", Long.toString(startedAtMs));
        p.setProperty("idle.seconds", Long.toString(idleSeconds));
        p.setProperty("reason", reason);
        return p;
    }

    /** The address in {@code p}, or null when it is not one. */
    static BrokerAddress from(Properties p) {
        try {
            return new BrokerAddress(Long.parseLong(p.getProperty("pid")), p.getProperty("state", ""),
                    p.getProperty("bootstrap.servers", ""), Integer.parseInt(p.getProperty("controller.port", "0")),
                    Long.parseLong(p.getProperty("started.at.ms", "0")), Long.parseLong(p.getProperty("idle.seconds", "0")),
                    p.getProperty("reason", ""));
        } catch (NumberFormatException | NullPointerException e) {
            return null;
        }
    }
}
