/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.store;

import java.util.Optional;
import java.util.SortedMap;

/**
 * The durability boundary for connector positions: what is committed here survives a SIGKILL,
 * and it is the source of truth a connector resumes from.
 *
 * <p>Invariants every implementation keeps:
 * <ol>
 *   <li>The store is the source of truth for checkpoint state.</li>
 *   <li>What {@link #commit(WriteBatch)} accepted survives a crash of the process (SIGKILL),
 *       subject to the configured {@link Durability}.</li>
 *   <li>A batch is applied entirely or not at all; readers never see part of a batch.</li>
 *   <li>Callers persist through the store before they change any in-memory view
 *       (see {@link Checkpoint}).</li>
 * </ol>
 * Connector code depends on this interface only, never on LMDB.
 *
 * <p>Keys are UTF-8 strings (at most {@link #MAX_KEY_BYTES} bytes); values are opaque bytes.
 * Keys starting with {@link #RESERVED_PREFIX} belong to the store itself.
 */
public interface CheckpointStore extends AutoCloseable {

    /** What this handle committed so far (for metrics). */
    CommitStats commitStats();

    /** LMDB's default maximum key size. */
    int MAX_KEY_BYTES = 511;

    /** Keys under this prefix are reserved for the store's own bookkeeping (identity). */
    String RESERVED_PREFIX = "__tidemark/";

    /** Who owns this store; opening it for another identity fails closed. */
    StoreIdentity identity();

    /** The last committed value of {@code key}, or empty when absent. */
    Optional<byte[]> get(String key);

    /**
     * All committed entries whose key starts with {@code keyPrefix}, sorted by key (byte order
     * of the UTF-8 key). Reserved keys are never returned. An empty prefix means every entry.
     */
    SortedMap<String, byte[]> scan(String keyPrefix);

    /**
     * Applies the batch atomically: all of its operations or none. When this method returns
     * normally the batch is committed and visible to readers; it is durable on disk according to
     * the store's {@link Durability}.
     *
     * @throws CheckpointStoreException when the batch could not be committed; nothing of it was
     *     applied.
     */
    void commit(WriteBatch batch);

    /** Convenience for a batch of one put. */
    default void put(String key, byte[] value) {
        commit(WriteBatch.create().put(key, value));
    }

    /** Convenience for a batch of one delete. */
    default void delete(String key) {
        commit(WriteBatch.create().delete(key));
    }

    /** Releases the store. Further calls fail with {@link CheckpointStoreException}. */
    @Override
    void close();
}
