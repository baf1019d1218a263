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
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Watches the directories the scanner walked. It only tells the tailer that something changed
 * (a file was created, deleted or renamed: rescan; a file was written: read now); the periodic
 * stat-only rescan still runs, since watch events can be dropped (overflow) or missing (network
 * file systems).
 */
public final class DirectoryWatcher implements AutoCloseable {

    /** What a wait observed. */
    public record Signal(boolean changed, boolean written) {
        static final Signal NONE = new Signal(false, false);
    }

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
            keys.put(abs, abs.register(service, StandardWatchEventKinds.ENTRY_CREATE,
                    StandardWatchEventKinds.ENTRY_DELETE, StandardWatchEventKinds.ENTRY_MODIFY));
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
            while (key != null) {
                for (WatchEvent<?> e : key.pollEvents()) {
                    if (e.kind() == StandardWatchEventKinds.ENTRY_MODIFY) {
                        written = true;
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
            return new Signal(changed, written);
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
