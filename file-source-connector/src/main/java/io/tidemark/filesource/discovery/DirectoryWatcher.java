/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.filesource.discovery;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Watches the directories the scanner walked. It only tells the tailer that something changed
 * (a file was created, deleted or renamed: rescan; a file was written: read now); the periodic
 * stat-only rescan still runs, since watch events can be dropped (overflow) or missing (network
 * file systems).
 */
public final class DirectoryWatcher implements AutoCloseable {

    /**
     * What a wait observed: {@code changed} (entries created, deleted or renamed, or events lost:
     * rescan), {@code written} (some file was written) and, when they were few enough to name,
     * the files written ({@code writtenFiles}; empty with {@code written} set means "too many to
     * name").
     */
    public record Signal(boolean changed, boolean written, Set<Path> writtenFiles) {
        static final Signal NONE = new Signal(false, false, Set.of());
    }

    /** Beyond this many written files in one wait, the signal only says "written". */
    static final int MAX_NAMED_WRITES = 1024;

    private final WatchService service;
    private final Map<Path, WatchKey> keys = new HashMap<>();

    private DirectoryWatcher(WatchService service) {
        this.service = service;
    }

    /** A watcher, or null when the file system offers no watch service. */
    public static DirectoryWatcher create() {
        try {
            return new DirectoryWatcher(FileSystems.getDefault().newWatchService());
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
    }

    public void watch(Path dir) {
        Path abs = dir.toAbsolutePath().normalize();
        WatchKey existing = keys.get(abs);
        if (existing != null && existing.isValid()) {
            return;
        }
        try {
            keys.put(
                    abs,
                    abs.register(
                            service,
                            StandardWatchEventKinds.ENTRY_CREATE,
                            StandardWatchEventKinds.ENTRY_DELETE,
                            StandardWatchEventKinds.ENTRY_MODIFY));
        } catch (IOException | ClosedWatchServiceException e) {
            // the periodic rescan covers directories we cannot watch
        }
    }

    public int watchedDirectories() {
        return keys.size();
    }

    /** Waits up to {@code millis} for an event and drains what is queued. */
    public Signal await(long millis) {
        try {
            WatchKey key = millis <= 0 ? service.poll() : service.poll(millis, TimeUnit.MILLISECONDS);
            if (key == null) {
                return Signal.NONE;
            }
            boolean changed = false;
            boolean written = false;
            boolean tooMany = false;
            Set<Path> writtenFiles = new HashSet<>();
            while (key != null) {
                Path dir = key.watchable() instanceof Path p ? p : null;
                for (WatchEvent<?> e : key.pollEvents()) {
                    if (e.kind() == StandardWatchEventKinds.ENTRY_MODIFY) {
                        written = true;
                        if (!tooMany && dir != null && e.context() instanceof Path name) {
                            writtenFiles.add(dir.resolve(name));
                            tooMany = writtenFiles.size() > MAX_NAMED_WRITES;
                        }
                    } else {
                        changed = true; // create, delete, overflow
                    }
                }
                if (!key.reset()) {
                    keys.values().remove(key);
                    changed = true;
                }
                key = service.poll();
            }
            return new Signal(changed, written, tooMany ? Set.of() : writtenFiles);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Signal.NONE;
        } catch (ClosedWatchServiceException e) {
            return Signal.NONE;
        }
    }

    @Override
    public void close() {
        try {
            service.close();
        } catch (IOException ignored) {
            // closing the watch service cannot lose data
        }
    }
}
