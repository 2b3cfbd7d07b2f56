package io.mmstream.index.library;

import java.nio.file.Path;

/**
 * A media file found in a library.
 *
 * @param path its absolute, normalised path
 * @param size its length in bytes
 * @param modifiedMs its last modification, ms since the epoch
 */
public record LibraryFile(Path path, long size, long modifiedMs) {}
