/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.store.lmdb;

import io.tidemark.store.CheckpointStoreException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * An exclusive, non-blocking lock on {@code <dir>/tidemark.lock}, taken before LMDB opens the
 * directory for writing, so that a second process fails at once with the holder's name instead of
 * waiting on LMDB's writer mutex. The OS drops the lock when the holder dies, even by SIGKILL.
 *
 * <p>The file is opened once per JVM and directory (by the shared environment): closing any other
 * descriptor of a locked file would drop a POSIX lock held by this process.
 */
final class ProcessLock implements AutoCloseable {

    static final String FILE_NAME = "tidemark.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private ProcessLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    static ProcessLock acquire(Path dir) {
        Path file = dir.resolve(FILE_NAME);
        FileChannel channel;
        try {
            channel = FileChannel.open(
                    file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new CheckpointStoreException(
                    "cannot create the lock file " + file + " of checkpoint store at " + dir + " (" + e
                            + "). The directory must be writable by the Connect worker's user.",
                    e);
        }
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            closeQuietly(channel);
            throw new StoreLockedException(dir, StoreLockedException.HELD_IN_THIS_JVM);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new CheckpointStoreException("cannot lock " + file + " of checkpoint store at " + dir + ": " + e, e);
        }
        if (lock == null) {
            closeQuietly(channel);
            throw new StoreLockedException(dir, describeHolder(file));
        }
        try {
            byte[] me = holderLine().getBytes(StandardCharsets.UTF_8);
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(me), 0);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new CheckpointStoreException(
                    "cannot write the lock file " + file + " of checkpoint store at " + dir + ": " + e, e);
        }
        return new ProcessLock(channel, lock);
    }

    /** The holder as recorded in the lock file, read without opening a second lock. */
    static String describeHolder(Path lockFile) {
        try {
            String s = Files.readString(lockFile, StandardCharsets.UTF_8).trim();
            return s.isEmpty() ? "holder unknown: the lock file is empty" : s;
        } catch (IOException | RuntimeException e) {
            return "holder unknown: " + e;
        }
    }

    private static String holderLine() {
        return "pid " + ProcessHandle.current().pid() + " on " + hostName() + " since " + Instant.now() + "\n";
    }

    /** Without a DNS lookup, which can stall for seconds on a misconfigured host. */
    private static String hostName() {
        try {
            String h = Files.readString(Path.of("/proc/sys/kernel/hostname"), StandardCharsets.UTF_8)
                    .trim();
            if (!h.isEmpty()) {
                return h;
            }
        } catch (IOException | RuntimeException ignored) {
            // not Linux: fall back to the environment
        }
        String env = System.getenv("HOSTNAME");
        return env == null || env.isBlank() ? "unknown-host" : env;
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException ignored) {
            // closing the channel below releases it as well
        }
        closeQuietly(channel);
    }

    private static void closeQuietly(FileChannel c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // nothing left to release
        }
    }
}
