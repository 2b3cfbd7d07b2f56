package io.mmstream.streams.kafka;

import java.util.concurrent.atomic.AtomicReference;

/**
 * A command's use of its data dir's broker: keeps the broker from stopping while the command runs,
 * and notices when the broker process dies under it (killed, or stopped by {@code broker stop}), so
 * the command can say so and end instead of waiting on a broker that will not come back.
 */
public final class BrokerLease implements AutoCloseable {

    private static final long WATCH_INTERVAL_MS = 250;

    private final BrokerFiles files;
    private final BrokerAddress address;
    private final Clients.Registration registration;
    private final AtomicReference<String> lost = new AtomicReference<>();
    private final Thread watcher;
    private volatile Runnable onLost = () -> {};

    BrokerLease(BrokerFiles files, BrokerAddress address, Clients.Registration registration) {
        this.files = files;
        this.address = address;
        this.registration = registration;
        this.watcher = new Thread(this::watch, "mmstream-broker-watch");
        watcher.setDaemon(true);
        watcher.start();
    }

    /** Where clients connect. */
    public String bootstrapServers() {
        return address.bootstrapServers();
    }

    /** The broker process. */
    public long pid() {
        return address.pid();
    }

    /** Runs {@code action} (once, on the watching thread) when the broker process dies. */
    public void onLost(Runnable action) {
        this.onLost = action;
        if (lost.get() != null) {
            action.run();
        }
    }

    /** Why the broker is gone, or null while it runs. */
    public String lost() {
        return lost.get();
    }

    private void watch() {
        try {
            while (LocalBroker.alive(address.pid())) {
                Thread.sleep(WATCH_INTERVAL_MS);
            }
        } catch (InterruptedException e) {
            return;
        }
        lost.set("the broker of " + files.dataDir() + " (pid " + address.pid() + ") stopped while this command was"
                + " running; what this command had not finished is lost: run it again");
        onLost.run();
    }

    @Override
    public void close() {
        watcher.interrupt();
        registration.close();
    }
}
