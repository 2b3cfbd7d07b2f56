package io.mmstream.streams.artifacts;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

/**
 * Writes mirrored files into a data dir: whole or not at all (a temporary file beside the target,
 * synced, then moved over it), and not at all when the file there is already identical.
 */
final class ArtifactFiles {

    private final Path dataDir;

    ArtifactFiles(Path dataDir) {
        this.dataDir = dataDir;
    }

    /** The target of the relative {@code path}. */
    Path target(String path) {
        return dataDir.resolve(ArtifactKeys.checked(path));
    }

    /** Whether the file at {@code path} already has the manifest's size and SHA-256. */
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

    /** Writes {@code chunks} as the file of {@code manifest}, replacing what was there in one move. */
    void write(ArtifactManifest manifest, List<byte[]> chunks) throws IOException {
        Path file = target(manifest.path());
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling("." + file.getFileName() + ".mirror-tmp");
        try {
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                for (byte[] chunk : chunks) {
                    var buffer = java.nio.ByteBuffer.wrap(chunk);
                    while (buffer.hasRemaining()) {
                        channel.write(buffer);
                    }
                }
                // the move must never expose a file whose bytes are not on disk yet
                channel.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
