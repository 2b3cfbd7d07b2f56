package io.mmstream.streams.artifacts;

import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * The keys of {@code mm.artifacts}: {@code <relative path>#<chunk no>} for a chunk and
 * {@code <relative path>} for a file's manifest, and which relative paths may travel at all.
 */
public final class ArtifactKeys {

    /** The data dir folders whose files are shared between instances. */
    public static final List<String> ROOTS = List.of("codebooks", "models");

    private ArtifactKeys() {}

    /** The key of chunk {@code index} of {@code path}. */
    public static String chunk(String path, int index) {
        return path + "#" + index;
    }

    /** The chunk number in {@code key}, or -1 when {@code key} names a manifest. */
    public static int chunkIndex(String key) {
        int hash = key.lastIndexOf('#');
        if (hash < 0 || hash == key.length() - 1) {
            return -1;
        }
        for (int i = hash + 1; i < key.length(); i++) {
            if (!Character.isDigit(key.charAt(i))) {
                return -1;
            }
        }
        try {
            return Integer.parseInt(key.substring(hash + 1));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The file path of a chunk key or a manifest key. */
    public static String path(String key) {
        return chunkIndex(key) < 0 ? key : key.substring(0, key.lastIndexOf('#'));
    }

    /**
     * Checks that {@code path} is a plain relative path inside one of {@link #ROOTS}, so a record can
     * never make a reader write elsewhere; returns it, or throws with the reason.
     */
    public static String checked(String path) {
        if (path.isEmpty() || path.startsWith("/") || path.contains("\\") || path.contains("#")) {
            throw new IllegalArgumentException(path + ": not a shareable artifact path");
        }
        for (String part : path.split("/")) {
            if (part.isEmpty() || part.equals(".") || part.equals("..")) {
                throw new IllegalArgumentException(path + ": not a shareable artifact path");
            }
        }
        String root = path.substring(0, path.indexOf('/') < 0 ? path.length() : path.indexOf('/'));
        if (!ROOTS.contains(root) || !path.contains("/")) {
            throw new IllegalArgumentException(path + ": outside the shared folders " + ROOTS);
        }
        return path;
    }

    /** The relative path of {@code file} under {@code dataDir}, with {@code /} separators. */
    public static String relative(Path dataDir, Path file) {
        return checked(dataDir.relativize(file).toString().replace(java.io.File.separatorChar, '/'));
    }

    static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }
}
