package io.mmstream.streams.artifacts;

import java.io.IOException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts the files of {@code mm.artifacts} back together in a data dir, record by record in offset
 * order: chunks are held until their file's manifest arrives, then the file is written only when
 * every chunk is there and the bytes have the manifest's size and SHA-256.
 *
 * <p>A file waits in memory until its manifest (a few MB for a codebook, tens for a model). A
 * file whose chunks are missing or corrupt is not written and said so in one line; the next
 * publication of that path replaces it.
 */
public final class ArtifactAssembler {

    private static final Logger LOG = LoggerFactory.getLogger(ArtifactAssembler.class);

    /** What became of one manifest's file. */
    public enum Outcome { WRITTEN, IDENTICAL, REFUSED }

    /** One file handled: its path, what became of it and, when refused, why. */
    public record Result(String path, Outcome outcome, long bytes, String reason) {}

    private final ArtifactFiles files;
    private final Map<String, Map<Integer, byte[]>> pending = new HashMap<>();

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
                pending.computeIfAbsent(path, p -> new TreeMap<>()).put(index, value);
            }
            return null;
        }
        Map<Integer, byte[]> chunks = pending.remove(path);
        if (value == null) {
            return null;
        }
        Result result = assemble(path, value, chunks == null ? Map.of() : chunks);
        switch (result.outcome()) {
            case WRITTEN -> LOG.info("mm.artifacts: {} written ({} bytes)", path, result.bytes());
            case IDENTICAL -> LOG.debug("mm.artifacts: {} already identical", path);
            case REFUSED -> LOG.warn("mm.artifacts: {} not written: {}", path, result.reason());
        }
        return result;
    }

    /** How many bytes of chunks wait for their manifests. */
    public long pendingBytes() {
        return pending.values().stream().flatMap(m -> m.values().stream()).mapToLong(b -> b.length).sum();
    }

    private Result assemble(String path, byte[] value, Map<Integer, byte[]> chunks) {
        ArtifactManifest manifest;
        try {
            ArtifactKeys.checked(path);
            manifest = ArtifactManifest.decode(path, value);
        } catch (IllegalArgumentException e) {
            return refused(path, e.getMessage());
        }
        List<byte[]> ordered = new ArrayList<>(manifest.chunks());
        MessageDigest digest = ArtifactKeys.digest();
        long size = 0;
        for (int i = 0; i < manifest.chunks(); i++) {
            byte[] chunk = chunks.get(i);
            if (chunk == null) {
                return refused(path, "chunk " + i + " of " + manifest.chunks() + " is missing");
            }
            ordered.add(chunk);
            digest.update(chunk);
            size += chunk.length;
        }
        if (size != manifest.size()) {
            return refused(path, "its chunks hold " + size + " bytes, the manifest says " + manifest.size());
        }
        String sha = HexFormat.of().formatHex(digest.digest());
        if (!sha.equals(manifest.sha256())) {
            return refused(path, "SHA-256 " + sha + " of its chunks differs from the manifest's " + manifest.sha256());
        }
        try {
            if (files.identical(manifest)) {
                return new Result(path, Outcome.IDENTICAL, size, null);
            }
            files.write(manifest, ordered);
            return new Result(path, Outcome.WRITTEN, size, null);
        } catch (IOException | RuntimeException e) {
            return refused(path, "cannot write " + files.target(path) + ": " + e.getMessage());
        }
    }

    private static Result refused(String path, String reason) {
        return new Result(path, Outcome.REFUSED, 0, reason);
    }
}
