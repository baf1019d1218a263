/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.s3sink.stage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes leftovers of finished or abandoned chunks from the scratch directory. Staged data is
 * never needed after a restart (records are consumed again from the first offset the manifest
 * does not hold), so at start every file of the task's own directory goes, as do the directories
 * of tasks that no longer run (their lock is free). Periodically, files no live chunk owns go.
 */
public final class ScratchJanitor implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ScratchJanitor.class);
    private static final String LOCK = ".lock";
    /**
     * Directories claimed by janitors of this JVM. Their lock files are never opened a second
     * time: closing any descriptor of a file drops every POSIX lock this process holds on it.
     */
    private static final Set<Path> CLAIMED = ConcurrentHashMap.newKeySet();

    private final Path root;
    private final Path own;
    private final FileChannel lockChannel;
    private final FileLock lock;

    /**
     * Claims {@code root/<taskDir>} for this task (a file lock, so that other task instances and
     * janitors leave it alone) and cleans the root.
     */
    public ScratchJanitor(Path root, String taskDir) {
        this.root = root;
        this.own = root.resolve(taskDir).toAbsolutePath().normalize();
        if (!CLAIMED.add(own)) {
            throw new IllegalStateException("scratch directory " + own + " is in use by another task of this worker");
        }
        try {
            Files.createDirectories(own);
            lockChannel = FileChannel.open(own.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock l;
            try {
                l = lockChannel.tryLock();
            } catch (OverlappingFileLockException e) {
                l = null;
            }
            if (l == null) {
                lockChannel.close();
                CLAIMED.remove(own);
                throw new InUseByAnotherProcessException("scratch directory " + own + " is in use by another"
                        + " running task; give each connector its own stage.dir or checkpoint.store.dir");
            }
            lock = l;
        } catch (IOException e) {
            CLAIMED.remove(own);
            throw new UncheckedIOException("cannot claim scratch directory " + own, e);
        }
    }

    /** The directory's lock is held by another process. */
    public static final class InUseByAnotherProcessException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        InUseByAnotherProcessException(String message) {
            super(message);
        }
    }

    /**
     * Claims {@code root/<taskDir>}; when another process holds it (the previous owner of this
     * task on the same host still runs, for example frozen or not yet stopped after a rebalance),
     * claims {@code root/<taskDir>-pid<this pid>} instead, so the task can start. Staged data is
     * never needed across owners (records are consumed again from the manifest); the other
     * directory is removed by a janitor once its owner is gone.
     */
    public static ScratchJanitor claim(Path root, String taskDir) {
        try {
            return new ScratchJanitor(root, taskDir);
        } catch (InUseByAnotherProcessException e) {
            String alternative = taskDir + "-pid" + ProcessHandle.current().pid();
            LOG.warn("{}; staging in {} instead", e.getMessage(), root.resolve(alternative));
            return new ScratchJanitor(root, alternative);
        }
    }

    public Path ownDirectory() {
        return own;
    }

    /** At start: empties the own directory and removes directories of tasks that no longer run. */
    public int cleanAtStart() {
        int removed = deleteFiles(own, f -> !f.getFileName().toString().equals(LOCK));
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path d :
                    dirs.filter(Files::isDirectory).filter(d -> !d.equals(own)).toList()) {
                removed += removeIfAbandoned(d);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list scratch directory " + root, e);
        }
        if (removed > 0) {
            LOG.info("Scratch janitor removed {} leftover files under {}", removed, root);
        }
        return removed;
    }

    /** Periodically: removes files of the own directory that {@code store} does not track. */
    public int sweep(LocalStore store) {
        int removed = deleteFiles(own, f -> !f.getFileName().toString().equals(LOCK) && !store.isLive(f));
        if (removed > 0) {
            LOG.info("Scratch janitor removed {} files of finished or abandoned chunks from {}", removed, own);
        }
        return removed;
    }

    private int removeIfAbandoned(Path dir) {
        if (CLAIMED.contains(dir.toAbsolutePath().normalize())) {
            return 0;
        }
        Path lockFile = dir.resolve(LOCK);
        try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            FileLock l;
            try {
                l = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                return 0;
            }
            if (l == null) {
                return 0;
            }
            try {
                return deleteFiles(dir, f -> !f.getFileName().toString().equals(LOCK));
            } finally {
                l.release();
            }
        } catch (IOException e) {
            LOG.warn("Scratch janitor could not inspect {}", dir, e);
            return 0;
        }
    }

    private static int deleteFiles(Path dir, java.util.function.Predicate<Path> which) {
        List<Path> victims = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.filter(Files::isRegularFile).filter(which).forEach(victims::add);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
        int n = 0;
        for (Path f : victims) {
            try {
                if (Files.deleteIfExists(f)) {
                    n++;
                }
            } catch (IOException e) {
                LOG.warn("Scratch janitor could not delete {}", f, e);
            }
        }
        return n;
    }

    @Override
    public void close() {
        try {
            lock.release();
            lockChannel.close();
        } catch (IOException e) {
            LOG.warn("Could not release scratch lock of {}", own, e);
        } finally {
            CLAIMED.remove(own);
        }
    }
}
