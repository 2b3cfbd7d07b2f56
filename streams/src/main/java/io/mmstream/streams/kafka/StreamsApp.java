package io.mmstream.streams.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;

/** A running Kafka Streams application: started and awaited, checked for failure, closed cleanly. */
public final class StreamsApp implements AutoCloseable {

    private final String name;
    private final String applicationId;
    private final KafkaStreams streams;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    private StreamsApp(String name, String applicationId, KafkaStreams streams) {
        this.name = name;
        this.applicationId = applicationId;
        this.streams = streams;
    }

    /** Starts {@code topology} and waits until it runs; {@code name} is what messages call it. */
    public static StreamsApp start(String name, Topology topology, Properties config, Duration timeout)
            throws InterruptedException {
        StreamsApp app = new StreamsApp(name, config.getProperty(StreamsConfig.APPLICATION_ID_CONFIG),
                new KafkaStreams(topology, config));
        CountDownLatch settled = new CountDownLatch(1);
        app.streams.setStateListener((now, before) -> {
            if (now == KafkaStreams.State.RUNNING || now == KafkaStreams.State.ERROR
                    || now == KafkaStreams.State.PENDING_ERROR) {
                settled.countDown();
            }
        });
        app.streams.setUncaughtExceptionHandler(e -> {
            // said at once, with the thread; the command then stops on check() with the same reason
            System.err.println("mmstream: " + name + " failed on thread \"" + Thread.currentThread().getName() + "\": "
                    + KafkaCluster.rootMessage(e) + " (" + e.getMessage() + ")");
            System.err.flush();
            app.failure.compareAndSet(null, e);
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        app.streams.start();
        if (!settled.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            app.close();
            throw new KafkaUnavailableException(name + " did not start within " + timeout.toSeconds() + " s", null);
        }
        app.check();
        return app;
    }

    /** Throws when the application has stopped or failed. */
    public void check() {
        Throwable e = failure.get();
        KafkaStreams.State state = streams.state();
        if (e != null || state == KafkaStreams.State.ERROR || state == KafkaStreams.State.PENDING_ERROR
                || state == KafkaStreams.State.NOT_RUNNING) {
            throw new KafkaUnavailableException(name + " stopped (" + state + ")"
                    + (e == null ? "" : ": " + KafkaCluster.rootMessage(e)), e);
        }
    }

    /**
     * Waits until the application has committed its way to the current end of {@code topic}, i.e.
     * everything written there so far has been processed and its results committed.
     */
    public void awaitCaughtUp(Admin admin, String topic, Duration timeout) throws InterruptedException {
        awaitCommitted(admin, name, applicationId, topic, timeout, this::check);
    }

    /**
     * Waits until the Kafka Streams application {@code applicationId}, wherever its instances run, has
     * committed its way to the current end of {@code topic}; {@code check} runs between looks and may
     * throw to stop waiting. {@code name} is what messages call the application.
     */
    public static void awaitCommitted(Admin admin, String name, String applicationId, String topic, Duration timeout,
            Runnable check) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            Set<TopicPartition> partitions = admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS)
                    .get(topic).partitions().stream().map(p -> new TopicPartition(topic, p.partition()))
                    .collect(Collectors.toSet());
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(
                    partitions.stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest()))).all().get(30, TimeUnit.SECONDS);
            while (true) {
                check.run();
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(applicationId)
                        .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
                boolean done = partitions.stream().allMatch(p -> ends.get(p).offset() == 0
                        || (committed.get(p) != null && committed.get(p).offset() >= ends.get(p).offset()));
                if (done) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new KafkaUnavailableException(name + " did not catch up with " + topic + " within "
                            + timeout.toSeconds() + " s", null);
                }
                Thread.sleep(200);
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new KafkaUnavailableException("cannot follow " + name + ": " + KafkaCluster.rootMessage(e), e);
        }
    }

    /** How many members the consumer group of Kafka Streams application {@code applicationId} has now. */
    public static int members(Admin admin, String applicationId) throws InterruptedException {
        try {
            return admin.describeConsumerGroups(List.of(applicationId)).all().get(30, TimeUnit.SECONDS)
                    .get(applicationId).members().size();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof org.apache.kafka.common.errors.GroupIdNotFoundException) {
                return 0;
            }
            throw new KafkaUnavailableException("cannot describe group " + applicationId + ": " + KafkaCluster.rootMessage(e), e);
        } catch (TimeoutException e) {
            throw new KafkaUnavailableException("cannot describe group " + applicationId + ": " + KafkaCluster.rootMessage(e), e);
        }
    }

    /**
     * The local stores named {@code name}, as {@code type} presents them; waits (up to 60 s) while a
     * rebalance or a restoration makes them unavailable.
     */
    public <T> T store(String name, org.apache.kafka.streams.state.QueryableStoreType<T> type) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            check();
            try {
                return streams.store(org.apache.kafka.streams.StoreQueryParameters.fromNameAndType(name, type));
            } catch (org.apache.kafka.streams.errors.InvalidStateStoreException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    /** The Kafka Streams instance, for metadata queries (which instance holds which task). */
    public KafkaStreams streams() {
        return streams;
    }

    /** How long a clean close may take: the last commit, and leaving the group. */
    public static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    @Override
    public void close() {
        close(CLOSE_TIMEOUT);
    }

    /** Closes within {@code timeout}; threads still busy after it finish on their own. */
    public void close(Duration timeout) {
        streams.close(timeout);
    }
}
