/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.filesource.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Small file helpers for tests: append text or bytes, truncate, copy. */
public final class TestFiles {

    private TestFiles() {}

    public static Path append(Path p, String text) {
        return append(p, text.getBytes(StandardCharsets.UTF_8));
    }

    public static Path append(Path p, String text, Charset cs) {
        return append(p, text.getBytes(cs));
    }

    public static Path append(Path p, byte[] bytes) {
        try {
            Files.createDirectories(p.getParent());
            return Files.write(
                    p, bytes, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Truncates in place (same inode) to {@code size} bytes. */
    public static void truncate(Path p, long size) {
        try (var ch = java.nio.channels.FileChannel.open(p, StandardOpenOption.WRITE)) {
            ch.truncate(size);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Appends {@code count} lines "prefix-i" numbered from {@code from}. */
    public static void lines(Path p, String prefix, int from, int count) {
        StringBuilder sb = new StringBuilder();
        for (int i = from; i < from + count; i++) {
            sb.append(prefix).append('-').append(i).append('\n');
        }
        append(p, sb.toString());
    }
}
