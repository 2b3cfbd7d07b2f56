package io.mmstream.streams.artifacts;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts the files of {@code mm.artifacts} back together in a data dir, record by record in offset
 * order: a file's chunks go to a temporary file beside it as they come (memory stays flat whatever
 * the model's size), and when its manifest arrives the file is moved into place only if every chunk
 * came, in order, and the bytes have the manifest's size and SHA-256.
 *
 * <p>A file whose chunks are missing or corrupt is not written and said so in one line; the next
 * publication of that path replaces it. A file already identical is left alone.
 *
 * <p>While {@link #holdSmallFiles holding}, verified files of at most one chunk (pointers like
 * {@code CURRENT}, properties) are kept in memory and only the last version of each is written, in
 * the order of their last manifests, by {@link #releaseHeld}: a catch-up over a topic not yet
 * compacted then never flips {@code CURRENT} through every version it ever named.
 */
public final class ArtifactAssembler implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ArtifactAssembler.class);

    /** What became of one manifest's file. */
    public enum Outcome { WRITTEN, IDENTICAL, REFUSED, HELD }

    /** One file handled: its path, what became of it, its size and, when refused, why. */
    public record Result(String path, Outcome outcome, long bytes, String reason) {}

    /** A file whose chunks are arriving: where they go, which one comes next, or why it is already lost. */
    private static final class Pending {
        ArtifactFiles.Spool spool;
        int next;
        /** The first chunk that did not come, or -1. */
        int missing = -1;
        String broken;
    }

    /** A verified small file kept until {@link #releaseHeld}. */
    private record Held(ArtifactManifest manifest, byte[] bytes) {}

    private final ArtifactFiles files;
    private final Map<String, Pending> pending = new HashMap<>();
    private final Map<String, Held> held = new LinkedHashMap<>();
    private boolean holding;

    /** An assembler writing into {@code dataDir}. */
    public ArtifactAssembler(java.nio.file.Path dataDir) {
        this.files = new ArtifactFiles(dataDir);
    }

    /**
     * Takes the record {@code key} = {@code value} of {@code mm.artifacts}; returns the result when it
     * was a manifest, else null.
     */
    public Result accept(String key, byte[] value) {
        int index = ArtifactKeys.chunkIndex(key);
        String path = ArtifactKeys.path(key);
        if (index >= 0) {
            if (value != null) {
                chunk(path, index, value);
            }
            return null;
        }
        Pending chunks = pending.remove(path);
        if (value == null) {
            discard(chunks);
            return null;
        }
        Result result = assemble(path, value, chunks);
        switch (result.outcome()) {
            case WRITTEN -> LOG.info("mm.artifacts: {} written ({} bytes)", path, result.bytes());
            case IDENTICAL -> LOG.debug("mm.artifacts: {} already identical", path);
            case HELD -> LOG.debug("mm.artifacts: {} held until the catch-up ends", path);
            case REFUSED -> LOG.warn("mm.artifacts: {} not written: {}", path, result.reason());
        }
        return result;
    }

    /** From now on keeps verified small files until {@link #releaseHeld} instead of writing them at once. */
    public void holdSmallFiles() {
        holding = true;
    }

    /** Writes the small files held (the last version of each, in order) and stops holding; returns what became of them. */
    public List<Result> releaseHeld() {
        holding = false;
        List<Result> results = new ArrayList<>();
        for (Held h : held.values()) {
            String path = h.manifest().path();
            Result result;
            try (ArtifactFiles.Spool spool = files.spool(path)) {
                if (files.identical(h.manifest())) {
                    result = new Result(path, Outcome.IDENTICAL, h.manifest().size(), null);
                } else {
                    spool.append(h.bytes());
                    spool.commit();
                    result = new Result(path, Outcome.WRITTEN, h.manifest().size(), null);
                    LOG.info("mm.artifacts: {} written ({} bytes)", path, result.bytes());
                }
            } catch (IOException | RuntimeException e) {
                result = refused(path, "cannot write it: " + e.getMessage());
                LOG.warn("mm.artifacts: {} not written: {}", path, result.reason());
            }
            results.add(result);
        }
        held.clear();
        return results;
    }

    /** How many bytes of chunks wait for their manifests. */
    public long pendingBytes() {
        return pending.values().stream().filter(p -> p.spool != null).mapToLong(p -> p.spool.size()).sum();
    }

    private void chunk(String path, int index, byte[] value) {
        Pending p = pending.get(path);
        if (index == 0) {
            // a new publication of the path starts: what came before it is dropped
            discard(p);
            p = new Pending();
            pending.put(path, p);
            try {
                p.spool = files.spool(path);
            } catch (IOException | RuntimeException e) {
                p.broken = e instanceof IllegalArgumentException ? e.getMessage() : "cannot write it: " + e.getMessage();
                return;
            }
        } else if (p == null) {
            p = new Pending();
            p.missing = 0;
            pending.put(path, p);
            return;
        }
        if (p.broken != null || p.missing >= 0) {
            return;
        }
        if (index != p.next) {
            if (index > p.next) {
                p.missing = p.next;
            } else {
                p.broken = "chunk " + index + " came twice";
            }
            discard(p);
            return;
        }
        try {
            p.spool.append(value);
            p.next++;
        } catch (IOException e) {
            p.broken = "cannot write it: " + e.getMessage();
            discard(p);
        }
    }

    private Result assemble(String path, byte[] value, Pending chunks) {
        try {
            ArtifactManifest manifest;
            try {
                ArtifactKeys.checked(path);
                manifest = ArtifactManifest.decode(path, value);
            } catch (IllegalArgumentException e) {
                return refused(path, e.getMessage());
            }
            if (chunks == null && manifest.chunks() == 0) {
                chunks = new Pending();
                chunks.spool = files.spool(path);
            }
            if (chunks == null) {
                return refused(path, "chunk 0 of " + manifest.chunks() + " is missing");
            }
            if (chunks.broken != null) {
                return refused(path, chunks.broken);
            }
            if (chunks.missing >= 0 || chunks.next < manifest.chunks()) {
                int missing = chunks.missing >= 0 ? chunks.missing : chunks.next;
                return refused(path, "chunk " + missing + " of " + manifest.chunks() + " is missing");
            }
            if (chunks.spool.size() != manifest.size()) {
                return refused(path, "its chunks hold " + chunks.spool.size() + " bytes, the manifest says " + manifest.size());
            }
            String sha = chunks.spool.sha256();
            if (!sha.equals(manifest.sha256())) {
                return refused(path, "SHA-256 " + sha + " of its chunks differs from the manifest's " + manifest.sha256());
            }
            if (holding && manifest.chunks() <= 1) {
                // the newest version of a path replaces an older one held, and goes to the end of the line
                held.remove(path);
                held.put(path, new Held(manifest, chunks.spool.bytes()));
                return new Result(path, Outcome.HELD, manifest.size(), null);
            }
            held.remove(path);
            if (files.identical(manifest)) {
                return new Result(path, Outcome.IDENTICAL, manifest.size(), null);
            }
            chunks.spool.commit();
            return new Result(path, Outcome.WRITTEN, manifest.size(), null);
        } catch (IOException | RuntimeException e) {
            return refused(path, "cannot write it: " + e.getMessage());
        } finally {
            discard(chunks);
        }
    }

    private static void discard(Pending p) {
        if (p != null && p.spool != null) {
            try {
                p.spool.close();
            } catch (IOException e) {
                LOG.warn("mm.artifacts: cannot remove a temporary file: {}", e.getMessage());
            }
            p.spool = null;
        }
    }

    private static Result refused(String path, String reason) {
        return new Result(path, Outcome.REFUSED, 0, reason);
    }

    /** Drops the files still waiting for their manifests (their temporary files). */
    @Override
    public void close() {
        pending.values().forEach(ArtifactAssembler::discard);
        pending.clear();
    }
}
