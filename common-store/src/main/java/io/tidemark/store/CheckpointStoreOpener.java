/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.store;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Opens the durable {@link CheckpointStore} in a directory for an owner. Connector code receives
 * an opener from its wiring and never names the implementation; the LMDB one is
 * {@code LmdbCheckpointStore.opener()}.
 */
@FunctionalInterface
public interface CheckpointStoreOpener {

    /**
     * Opens (creating it if needed) the store in {@code directory}.
     *
     * @param syncInterval with {@link Durability#SYNC_PERIODIC}, how often commits are synced to disk
     * @throws ForeignStoreException when the store there belongs to another identity
     * @throws CheckpointStoreException when it cannot be opened (held by another process, no space, ...)
     */
    CheckpointStore open(Path directory, StoreIdentity identity, Durability durability, Duration syncInterval);
}
