package io.mmstream.streams.search;

import io.mmstream.index.Entry;
import io.mmstream.index.MomentIndex;
import io.mmstream.streams.records.IndexEntry;
import io.mmstream.streams.topics.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Kafka Streams key-value store kept in a Lucene {@link MomentIndex}, one per task: what the index
 * topology writes to and searches read. Streams wraps it in its changelog logging, so each entry put
 * here is also on the store's compacted changelog topic, and an index whose folder is lost is rebuilt
 * from there by the usual restoration. A folder Lucene cannot read (damaged, or another version's) is
 * not trusted: it is removed, with the task's checkpoint, so the store is restored whole.
 *
 * <p>Keys are entry keys ({@link Entry#key()}), values the Avro {@link IndexEntry} bytes.
 */
final class LuceneStore implements KeyValueStore<Bytes, byte[]> {

    private static final Logger LOG = LoggerFactory.getLogger(LuceneStore.class);

    /**
     * Other processes ({@code search}, and {@code serve} for tasks it does not hold) read the index's
     * last commit on disk; Kafka Streams flushes stores only now and then under exactly-once, so the
     * stores commit on their own at most every second when something changed.
     */
    private static final long COMMIT_EVERY_MS = 1000;
    private static final java.util.Set<LuceneStore> OPEN = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private static final java.util.concurrent.ScheduledExecutorService COMMITTER =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "mmstream-index-commit");
                t.setDaemon(true);
                return t;
            });

    static {
        COMMITTER.scheduleWithFixedDelay(() -> OPEN.forEach(LuceneStore::commitIfChanged), COMMIT_EVERY_MS, COMMIT_EVERY_MS,
                java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    private volatile boolean changed;

    private final String name;
    private final Serde<IndexEntry> serde = Topics.INDEX_ENTRY_SERDE;
    private MomentIndex index;
    private Path folder;
    private String task;

    LuceneStore(String name) {
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
        folder = context.stateDir().toPath().resolve(name);
        task = context.taskId().toString();
        try {
            Files.createDirectories(folder);
            index = openTrusted(folder, context.stateDir().toPath());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the search index in " + folder, e);
        }
        context.register(root, (key, value) -> put(Bytes.wrap(key), value));
        OPEN.add(this);
    }

    private synchronized void commitIfChanged() {
        if (changed && index != null) {
            changed = false;
            try {
                index.commit();
            } catch (RuntimeException e) {
                LOG.warn("cannot commit the search index in {}: {}", folder, e.getMessage());
            }
        }
    }

    /** Opens the index; an index Lucene cannot read is removed, and the task's checkpoint with it, so it is restored whole. */
    private static MomentIndex openTrusted(Path folder, Path taskDir) throws IOException {
        try {
            return MomentIndex.open(folder);
        } catch (IOException damaged) {
            LOG.warn("the search index in {} cannot be read ({}); rebuilding it from its changelog", folder, damaged.getMessage());
            try (var walk = Files.walk(folder)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(taskDir.resolve(".checkpoint"));
            Files.createDirectories(folder);
            return MomentIndex.open(folder);
        }
    }

    /** The task's index, for searching. */
    MomentIndex index() {
        return index;
    }

    /** The task it belongs to ({@code 0_2}: the index of partition 2), as its state folder is named. */
    String task() {
        return task;
    }

    @Override
    public void put(Bytes key, byte[] value) {
        if (value == null) {
            delete(key);
            return;
        }
        Entry entry = IndexEntries.fromRecord(serde.deserializer().deserialize(Topics.INDEX_CHANGELOG, value));
        index.put(entry, value);
        changed = true;
    }

    @Override
    public byte[] putIfAbsent(Bytes key, byte[] value) {
        byte[] old = get(key);
        if (old == null) {
            put(key, value);
        }
        return old;
    }

    @Override
    public void putAll(List<KeyValue<Bytes, byte[]>> entries) {
        entries.forEach(kv -> put(kv.key, kv.value));
    }

    @Override
    public byte[] delete(Bytes key) {
        String k = new String(key.get(), StandardCharsets.UTF_8);
        byte[] old = index.payload(k);
        index.delete(k);
        changed = true;
        return old;
    }

    @Override
    public byte[] get(Bytes key) {
        index.refresh();
        return index.payload(new String(key.get(), StandardCharsets.UTF_8));
    }

    @Override
    public KeyValueIterator<Bytes, byte[]> range(Bytes from, Bytes to) {
        return select(k -> (from == null || k.compareTo(from) >= 0) && (to == null || k.compareTo(to) <= 0));
    }

    @Override
    public KeyValueIterator<Bytes, byte[]> all() {
        return select(k -> true);
    }

    @Override
    public <PS extends org.apache.kafka.common.serialization.Serializer<P>, P> KeyValueIterator<Bytes, byte[]> prefixScan(
            P prefix, PS serializer) {
        byte[] p = serializer.serialize(null, prefix);
        return select(k -> k.get().length >= p.length && java.util.Arrays.equals(k.get(), 0, p.length, p, 0, p.length));
    }

    /** The entries whose key {@code wanted} accepts, in key order (the store is small per video, and scans are rare). */
    private KeyValueIterator<Bytes, byte[]> select(java.util.function.Predicate<Bytes> wanted) {
        index.refresh();
        List<KeyValue<Bytes, byte[]>> selected = new ArrayList<>();
        index.forEachPayload((key, payload) -> {
            Bytes k = Bytes.wrap(key.getBytes(StandardCharsets.UTF_8));
            if (wanted.test(k)) {
                selected.add(KeyValue.pair(k, payload));
            }
        });
        selected.sort((a, b) -> a.key.compareTo(b.key));
        Iterator<KeyValue<Bytes, byte[]>> it = selected.iterator();
        return new KeyValueIterator<>() {
            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public KeyValue<Bytes, byte[]> next() {
                return it.next();
            }

            @Override
            public void close() {}

            @Override
            public Bytes peekNextKey() {
                throw new UnsupportedOperationException("peekNextKey");
            }
        };
    }

    @Override
    public long approximateNumEntries() {
        return index.count();
    }

    /** A Streams commit: what was put becomes durable (a Lucene commit) and visible to searches. */
    @Override
    public synchronized void flush() {
        changed = false;
        index.commit();
    }

    @Override
    public synchronized void close() {
        OPEN.remove(this);
        try {
            index.commitAndClose();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close the search index in " + folder, e);
        }
        index = null;
    }

    /** Interactive queries' consistency bounds are not tracked: searches read the latest commit. */
    @Override
    public org.apache.kafka.streams.query.Position getPosition() {
        return org.apache.kafka.streams.query.Position.emptyPosition();
    }

    @Override
    public boolean persistent() {
        return true;
    }

    @Override
    public boolean isOpen() {
        return index != null;
    }
}
