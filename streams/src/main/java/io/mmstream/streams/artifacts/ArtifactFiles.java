package io.mmstream.streams.artifacts;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * Writes mirrored files into a data dir: whole or not at all (a temporary file beside the target,
 * synced, then moved over it), and not at all when the file there is already identical.
 */
final class ArtifactFiles {

    /** A file being received: its bytes so far in a temporary file beside the target, and their hash. */
    final class Spool implements AutoCloseable {

        private final Path target;
        private final Path tmp;
        private final FileChannel channel;
        private final MessageDigest digest = ArtifactKeys.digest();
        private long size;

        private Spool(Path target) throws IOException {
            this.target = target;
            Files.createDirectories(target.getParent());
            this.tmp = target.resolveSibling("." + target.getFileName() + ".mirror-tmp");
            this.channel = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
        }

        /** Appends the next chunk. */
        void append(byte[] chunk) throws IOException {
            ByteBuffer buffer = ByteBuffer.wrap(chunk);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            digest.update(chunk);
            size += chunk.length;
        }

        long size() {
            return size;
        }

        /** The SHA-256 of the bytes so far (call once, at the end). */
        String sha256() {
            return HexFormat.of().formatHex(digest.digest());
        }

        /** The bytes so far (of a small file). */
        byte[] bytes() throws IOException {
            return Files.readAllBytes(tmp);
        }

        /** Moves the bytes over the target, synced first: the move never exposes bytes not on disk yet. */
        void commit() throws IOException {
            channel.force(true);
            channel.close();
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }

        /** Drops the bytes received. */
        @Override
        public void close() throws IOException {
            channel.close();
            Files.deleteIfExists(tmp);
        }
    }

    private final Path dataDir;

    ArtifactFiles(Path dataDir) {
        this.dataDir = dataDir;
    }

    /** The target of the relative {@code path}; refuses a path outside the shared folders. */
    Path target(String path) {
        return dataDir.resolve(ArtifactKeys.checked(path));
    }

    /** Starts receiving the file at {@code path}. */
    Spool spool(String path) throws IOException {
        return new Spool(target(path));
    }

    /** Whether the file at the manifest's path already has its size and SHA-256. */
    boolean identical(ArtifactManifest manifest) throws IOException {
        Path file = target(manifest.path());
        if (!Files.isRegularFile(file) || Files.size(file) != manifest.size()) {
            return false;
        }
        MessageDigest digest = ArtifactKeys.digest();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest()).equals(manifest.sha256());
    }
}
