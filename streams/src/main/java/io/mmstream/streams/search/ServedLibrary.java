package io.mmstream.streams.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mmstream.index.Entry;
import io.mmstream.index.Moment;
import io.mmstream.index.MomentIndex;
import io.mmstream.index.MomentSearch;
import io.mmstream.index.SearchRequest;
import io.mmstream.index.text.TextEncoder;
import io.mmstream.streams.kafka.StreamsApp;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The library of a running index application, as one: the tasks this instance holds are searched
 * here ({@link LocalMoments}), and, when several {@code serve} instances share the application, the
 * others are asked over HTTP for theirs (Kafka Streams' metadata says which instance holds which
 * task; {@code local=true} asks a peer for its own part only), so a query to any instance answers
 * from the whole index.
 */
public final class ServedLibrary implements Library {

    private static final Logger LOG = LoggerFactory.getLogger(ServedLibrary.class);
    private static final Duration PEER_TIMEOUT = Duration.ofSeconds(5);

    private final StreamsApp app;
    private final TextEncoder encoder;
    private final HostInfo self;
    private final java.nio.file.Path dataDir;
    private final CurrentClipSpace clipSpace;
    private final String authorization;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(PEER_TIMEOUT).build();
    private final ObjectMapper json = new ObjectMapper();

    /**
     * The library of {@code app}, which serves at {@code self} (null: alone, no peers), on the data dir
     * {@code dataDir} (where other local processes keep their part of the index; null: none).
     */
    public ServedLibrary(StreamsApp app, TextEncoder encoder, HostInfo self, java.nio.file.Path dataDir) {
        this(app, encoder, self, dataDir, null);
    }

    /**
     * The same, sending {@code authorization} as the {@code Authorization} header of every request to a
     * peer (null: none), for instances that ask for a bearer token.
     */
    public ServedLibrary(StreamsApp app, TextEncoder encoder, HostInfo self, java.nio.file.Path dataDir, String authorization) {
        this.authorization = authorization;
        this.app = app;
        this.encoder = encoder;
        this.self = self;
        this.dataDir = dataDir;
        this.clipSpace = dataDir == null ? null : new CurrentClipSpace(dataDir.resolve("models").resolve("clip"));
    }

    @Override
    public List<Moment> search(SearchRequest request) {
        List<Moment> all = new ArrayList<>(searchLocal(request));
        for (HostInfo peer : peers()) {
            all.addAll(askPeer(peer, request));
        }
        all.sort(Comparator.comparingDouble(Moment::score).reversed());
        return all.size() > request.top() ? all.subList(0, request.top()) : all;
    }

    /**
     * The moments of the tasks this instance holds, and of the tasks held by processes on this machine
     * that serve no HTTP (an {@code index} command): those are read from their latest commit on disk.
     */
    public List<Moment> searchLocal(SearchRequest request) {
        return withLocalReaders(readers -> new MomentSearch(encoder, clipSpace == null ? null : clipSpace.forSearch()).search(readers, request));
    }

    /** Runs {@code work} over this instance's indexes and the on-disk ones of local processes without HTTP. */
    private <T> T withLocalReaders(java.util.function.Function<List<org.apache.lucene.index.IndexReader>, T> work) {
        List<MomentIndex.Snapshot> snapshots = new ArrayList<>();
        java.util.Map<String, MomentIndex> mine = local().byTask();
        java.util.Set<String> peersTasks = peerTasks();
        boolean missing = false;
        for (int p = 0; p < io.mmstream.streams.topics.Topics.MEDIA_PARTITIONS; p++) {
            missing |= !mine.containsKey("0_" + p) && !peersTasks.contains("0_" + p);
        }
        // only when a task is held by no instance that answers here: read its copy on disk
        try (IndexFolders others = dataDir == null || !missing ? null : IndexFolders.open(dataDir)) {
            List<org.apache.lucene.index.IndexReader> readers = new ArrayList<>();
            for (MomentIndex index : mine.values()) {
                index.refresh();
                MomentIndex.Snapshot s = index.snapshot();
                snapshots.add(s);
                readers.add(s.reader());
            }
            if (others != null) {
                others.byTask().forEach((task, reader) -> {
                    if (!mine.containsKey(task) && !peersTasks.contains(task)) {
                        readers.add(reader);
                    }
                });
            }
            return work.apply(readers);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } finally {
            snapshots.forEach(MomentIndex.Snapshot::close);
        }
    }

    /** The tasks the HTTP peers hold ({@code 0_2} for partition 2). */
    private java.util.Set<String> peerTasks() {
        java.util.Set<String> tasks = new java.util.HashSet<>();
        if (self != null) {
            for (StreamsMetadata m : app.streams().streamsMetadataForStore(IndexTopology.STORE)) {
                if (!m.hostInfo().equals(self) && m.hostInfo().port() > 0) {
                    m.topicPartitions().forEach(tp -> tasks.add("0_" + tp.partition()));
                }
            }
        }
        return tasks;
    }

    @Override
    public Map<String, Entry> videos() {
        Map<String, Entry> videos = new HashMap<>(videosLocal());
        for (HostInfo peer : peers()) {
            JsonNode list = get(peer, "/api/videos?local=true");
            if (list != null) {
                for (JsonNode v : list) {
                    videos.putIfAbsent(v.get("video").asText(), Entry.video(v.get("video").asText(), v.get("path").asText(),
                            v.get("duration_ms").asLong() * 1000));
                }
            }
        }
        return videos;
    }

    /** The videos of the tasks this instance holds (and of local processes without HTTP). */
    public Map<String, Entry> videosLocal() {
        return withLocalReaders(MomentIndex::videos);
    }

    @Override
    public List<Entry> utterances(String video) {
        return withLocalReaders(readers -> MomentIndex.entriesOf(readers, video, Entry.Kind.UTTERANCE));
    }

    /** The instance that holds {@code video}'s task, when it is another one. */
    public HostInfo holderOf(String video) {
        if (self == null) {
            return null;
        }
        KeyQueryMetadata where = app.streams().queryMetadataForKey(IndexTopology.STORE, video, new StringSerializer());
        if (where == null || where.activeHost() == null || where.activeHost().equals(self) || where.activeHost().port() < 0) {
            return null;
        }
        return where.activeHost();
    }

    private LocalMoments local() {
        try {
            return app.store(IndexTopology.STORE, LocalMoments.storeType());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** The other instances that hold tasks of the index. */
    private List<HostInfo> peers() {
        if (self == null) {
            return List.of();
        }
        List<HostInfo> peers = new ArrayList<>();
        for (StreamsMetadata m : app.streams().streamsMetadataForStore(IndexTopology.STORE)) {
            if (!m.hostInfo().equals(self) && m.hostInfo().port() > 0) {
                peers.add(m.hostInfo());
            }
        }
        return peers;
    }

    private List<Moment> askPeer(HostInfo peer, SearchRequest request) {
        if (request.picture() != null) {
            return List.of(); // pictures are searched where they are posted; a peer gets words only
        }
        StringBuilder q = new StringBuilder("/api/search?local=true&top=").append(request.top())
                .append("&ranking=").append(request.ranking().name().toLowerCase(java.util.Locale.ROOT))
                .append("&q=").append(URLEncoder.encode(request.text(), StandardCharsets.UTF_8));
        if (request.video() != null) {
            q.append("&video=").append(URLEncoder.encode(request.video(), StandardCharsets.UTF_8));
        }
        JsonNode found = get(peer, q.toString());
        List<Moment> moments = new ArrayList<>();
        if (found != null) {
            for (JsonNode m : found) {
                moments.add(new Moment(m.get("video").asText(), m.get("path").asText(), m.get("start_ms").asLong() * 1000,
                        m.get("end_ms").asLong() * 1000, m.get("score").asDouble(), m.get("text").asText()));
            }
        }
        return moments;
    }

    /** GETs {@code path} from {@code peer} as JSON; null (and a log line) when the peer does not answer. */
    private JsonNode get(HostInfo peer, String path) {
        try {
            HttpRequest.Builder ask = HttpRequest.newBuilder(URI.create("http://" + peer.host() + ":" + peer.port() + path))
                    .timeout(PEER_TIMEOUT);
            if (authorization != null) {
                ask.header("Authorization", authorization);
            }
            HttpResponse<String> r = http.send(ask.build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                LOG.warn("peer {}:{} answered {}{}", peer.host(), peer.port(), r.statusCode(),
                        r.statusCode() == 401 ? ": serve every instance with the same token" : "");
                return null;
            }
            return json.readTree(r.body());
        } catch (IOException e) {
            LOG.warn("peer {}:{} did not answer: {}", peer.host(), peer.port(), e.getMessage());
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
