/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.filesource.identity;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Device and inode of a file: which file, not what it holds (an inode can be reused). */
public record FileKey(long dev, long ino) {

    /** Reads device and inode (following symlinks). Needs a POSIX file system with the "unix" view. */
    public static FileKey of(Path path) throws IOException {
        Map<String, Object> a = Files.readAttributes(path, "unix:dev,ino");
        return new FileKey(((Number) a.get("dev")).longValue(), ((Number) a.get("ino")).longValue());
    }

    @Override
    public String toString() {
        return dev + ":" + ino;
    }
}
