/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.store.lmdb;

import io.tidemark.store.Durability;
import java.time.Duration;
import java.util.Objects;

/**
 * How an {@link LmdbCheckpointStore} opens its directory.
 *
 * <p>Options belong to the directory's environment, which every store of one JVM opening that
 * directory shares: the first open decides {@code syncInterval} and {@code maxReaders}; a later open
 * with another {@link Durability} fails; the largest {@code maxMapSize} asked for applies.
 *
 * @param durability     when a commit reaches the disk
 * @param syncInterval   with {@link Durability#SYNC_PERIODIC}, how often the environment is synced
 *                       (it is also synced on close)
 * @param initialMapSize the map size a new environment starts with, in bytes
 * @param maxMapSize     the map grows (doubling) up to this size when a commit finds it full; a commit
 *                       that does not fit even then fails
 * @param maxReaders     concurrent read transactions of all processes (LMDB's reader table)
 */
public record LmdbStoreOptions(
        Durability durability, Duration syncInterval, long initialMapSize, long maxMapSize, int maxReaders) {

    /** LMDB needs at least a few pages; below this the map is raised to it. */
    public static final long MIN_MAP_SIZE = 64 * 1024;

    public LmdbStoreOptions {
        Objects.requireNonNull(durability, "durability");
        Objects.requireNonNull(syncInterval, "syncInterval");
        if (syncInterval.isNegative() || syncInterval.isZero()) {
            throw new IllegalArgumentException("syncInterval must be positive, was " + syncInterval);
        }
        if (initialMapSize < MIN_MAP_SIZE) {
            throw new IllegalArgumentException(
                    "initialMapSize must be at least " + MIN_MAP_SIZE + " bytes, was " + initialMapSize);
        }
        if (maxMapSize < initialMapSize) {
            throw new IllegalArgumentException(
                    "maxMapSize (" + maxMapSize + ") must be >= initialMapSize (" + initialMapSize + ")");
        }
        if (maxReaders < 1) {
            throw new IllegalArgumentException("maxReaders must be >= 1, was " + maxReaders);
        }
    }

    /** Sync every commit, 1 s periodic sync interval, 16 MiB growing up to 1 GiB, 126 readers. */
    public static LmdbStoreOptions defaults() {
        return new LmdbStoreOptions(Durability.SYNC_EACH_COMMIT, Duration.ofSeconds(1), 16L << 20, 1L << 30, 126);
    }

    public LmdbStoreOptions withDurability(Durability d) {
        return new LmdbStoreOptions(d, syncInterval, initialMapSize, maxMapSize, maxReaders);
    }

    public LmdbStoreOptions withSyncInterval(Duration interval) {
        return new LmdbStoreOptions(durability, interval, initialMapSize, maxMapSize, maxReaders);
    }

    /** Sets both sizes; {@code maxBytes} must be at least {@code initialBytes}. */
    public LmdbStoreOptions withMapSize(long initialBytes, long maxBytes) {
        return new LmdbStoreOptions(durability, syncInterval, initialBytes, maxBytes, maxReaders);
    }

    public LmdbStoreOptions withMaxReaders(int readers) {
        return new LmdbStoreOptions(durability, syncInterval, initialMapSize, maxMapSize, readers);
    }
}
