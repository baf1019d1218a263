/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.stack.verify;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Appends numbered lines ({@code "<prefix> <seq>"}, seq from 1) to a log file, and rotates it the ways loggers
 * do: rename + create, copytruncate, truncate. Thread-safe; {@link #feed(int)} appends in the background.
 */
public final class FileAppender implements AutoCloseable {
    private final Path file;
    private final String prefix;
    private long nextSeq = 1;
    private ScheduledExecutorService feeder;

    public FileAppender(Path file, String prefix) {
        this.file = file;
        this.prefix = prefix;
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            if (!Files.exists(file)) {
                Files.createFile(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public FileAppender(Path file) {
        this(file, "line");
    }

    public Path file() {
        return file;
    }

    /** The sequence number the next line gets. */
    public synchronized long nextSeq() {
        return nextSeq;
    }

    /** Sequence number of the last line written (0 if none). */
    public synchronized long lastSeq() {
        return nextSeq - 1;
    }

    /** Appends {@code n} lines in one write; returns the last sequence number written. */
    public synchronized long append(int n) {
        write(lines(n), false);
        return nextSeq - 1;
    }

    /** Appends one arbitrary line (no sequence number). */
    public synchronized void appendRaw(String line) {
        write(line + "\n", false);
    }

    /** Appends {@code n} lines and fsyncs; returns the last sequence number written. */
    public synchronized long appendAndSync(int n) {
        write(lines(n), true);
        return nextSeq - 1;
    }

    private String lines(int n) {
        StringBuilder sb = new StringBuilder(n * (prefix.length() + 10));
        for (int i = 0; i < n; i++) {
            sb.append(prefix).append(' ').append(nextSeq++).append('\n');
        }
        return sb.toString();
    }

    private void write(String text, boolean sync) {
        try (FileChannel ch = FileChannel.open(
                file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            ByteBuffer b = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
            while (b.hasRemaining()) {
                ch.write(b);
            }
            if (sync) {
                ch.force(true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** logrotate "create": renames the file to {@code rotatedTo} and creates a new empty file at the old path. */
    public synchronized void rotateRename(Path rotatedTo) {
        try {
            Files.move(file, rotatedTo, StandardCopyOption.ATOMIC_MOVE);
            Files.createFile(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** logrotate "copytruncate": copies the file to {@code copy}, then truncates it to 0 bytes in place. */
    public synchronized void copyTruncate(Path copy) {
        try {
            Files.copy(file, copy, StandardCopyOption.REPLACE_EXISTING);
            truncate();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Truncates the file to 0 bytes in place (same inode). */
    public synchronized void truncate() {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Appends {@code linesPerSecond} lines per second in the background (in 10 batches a second) until {@link #stopFeeding()}. */
    public synchronized FileAppender feed(int linesPerSecond) {
        stopFeeding();
        int perTick = Math.max(1, linesPerSecond / 10);
        feeder = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "file-appender-" + file.getFileName());
            t.setDaemon(true);
            return t;
        });
        feeder.scheduleAtFixedRate(() -> append(perTick), 0, 100, TimeUnit.MILLISECONDS);
        return this;
    }

    public void stopFeeding() {
        ScheduledExecutorService f;
        synchronized (this) {
            f = feeder;
            feeder = null;
        }
        if (f != null) {
            f.shutdown();
            try {
                f.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        stopFeeding();
    }
}
