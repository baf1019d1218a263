/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.s3sink.connect;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local directory of a task that runs with an empty {@code checkpoint.store.dir}:
 * {@code <java.io.tmpdir>/tidemark-s3-checkpoint-sink/<connector>/task-<n>-<pid>-<random>}, holding
 * its store and (unless {@code stage.dir} is set) its scratch files. Deleted when the task stops;
 * the directories of the same task left by processes that no longer run (a SIGKILLed worker) are
 * deleted when it starts.
 */
final class EphemeralRoot implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EphemeralRoot.class);

    private final Path directory;

    private EphemeralRoot(Path directory) {
        this.directory = directory;
    }

    /** Creates the task's directory, after deleting the ones of this task whose process is gone. */
    static EphemeralRoot create(String connectorName, int taskIndex) {
        String safe = connectorName.replaceAll("[^A-Za-z0-9._-]", "_");
        Path parent = Path.of(System.getProperty("java.io.tmpdir"), "tidemark-s3-checkpoint-sink", safe);
        String prefix = "task-" + taskIndex + "-";
        try {
            Files.createDirectories(parent);
            try (Stream<Path> siblings = Files.list(parent)) {
                for (Path old : siblings.toList()) {
                    String name = old.getFileName().toString();
                    if (name.startsWith(prefix) && !alive(name.substring(prefix.length()))) {
                        LOG.info("Deleting {}, left by a process of task-{} that no longer runs", old, taskIndex);
                        delete(old);
                    }
                }
            }
            long pid = ProcessHandle.current().pid();
            return new EphemeralRoot(Files.createTempDirectory(parent, prefix + pid + "-"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the task's temporary directory under " + parent, e);
        }
    }

    /** Whether the process of a {@code <pid>-<random>} name still runs. */
    private static boolean alive(String pidAndRandom) {
        int dash = pidAndRandom.indexOf('-');
        try {
            long pid = Long.parseLong(dash < 0 ? pidAndRandom : pidAndRandom.substring(0, dash));
            return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        } catch (NumberFormatException e) {
            return true; // not ours: leave it
        }
    }

    Path directory() {
        return directory;
    }

    @Override
    public void close() {
        delete(directory);
    }

    private static void delete(Path dir) {
        try (Stream<Path> all = Files.walk(dir)) {
            List<Path> paths = all.sorted(Comparator.reverseOrder()).toList();
            for (Path p : paths) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }
}
