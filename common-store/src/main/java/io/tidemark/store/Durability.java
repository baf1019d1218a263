/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.store;

/** When a committed batch reaches the disk. */
public enum Durability {
    /** Every commit is synced to disk before {@link CheckpointStore#commit} returns. */
    SYNC_EACH_COMMIT,
    /**
     * Commits are written without a sync; the store syncs at the flush interval. A crash of the
     * process keeps them (the OS has the pages), a crash of the machine may lose the last interval.
     */
    SYNC_PERIODIC
}
