/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * The atomic-file baseline: a checkpoint written as a whole file, durably and atomically: temp file,
 * fsync, rename over the target, fsync of the parent directory.
 */
final class AtomicFileCheckpoint {

    private final Path dir;
    private final Path target;
    private final Path temp;

    AtomicFileCheckpoint(Path dir, String name) {
        this.dir = dir;
        this.target = dir.resolve(name);
        this.temp = dir.resolve(name + ".tmp");
    }

    void write(byte[] bytes) throws IOException {
        try (FileChannel ch = FileChannel.open(
                temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buf = ByteBuffer.wrap(bytes);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        }
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        }
    }

    byte[] read() throws IOException {
        return Files.readAllBytes(target);
    }
}
