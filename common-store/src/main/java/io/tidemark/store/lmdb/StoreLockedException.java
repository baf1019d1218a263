/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.store.lmdb;

import io.tidemark.store.CheckpointStoreException;
import java.nio.file.Path;

/** Another process (or another owner outside the store in this JVM) holds a store directory's lock. */
public class StoreLockedException extends CheckpointStoreException {

    /**
     * The holder when the lock is held inside this JVM by something other than this class loader's
     * {@link LmdbCheckpointStore} (for example another copy of a plugin, in its own class loader).
     */
    static final String HELD_IN_THIS_JVM = "a lock held inside this JVM outside of LmdbCheckpointStore";

    private final Path directory;
    private final String holder;

    public StoreLockedException(Path directory, String holder) {
        super("checkpoint store at " + directory + " is locked by another process (" + holder + "). Only one"
                + " process may open a store for writing: stop that process, or give this one its own state"
                + " directory. Read-only commands of the checkpoint-tool (list, show, export, verify) still work.");
        this.directory = directory;
        this.holder = holder;
    }

    public Path directory() {
        return directory;
    }

    /**
     * True when the holder is inside this JVM (another class loader's copy of the store, which may be
     * closing), false when it is another process.
     */
    public boolean heldInThisJvm() {
        return HELD_IN_THIS_JVM.equals(holder);
    }

    /** What the lock file says about the holder (pid, host, since), or a note that it is unknown. */
    public String holder() {
        return holder;
    }
}
