/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.store.lmdb;

import io.tidemark.store.CheckpointStore;
import io.tidemark.store.CheckpointStoreException;
import io.tidemark.store.CheckpointStoreOpener;
import io.tidemark.store.CommitStats;
import io.tidemark.store.Durability;
import io.tidemark.store.StoreIdentity;
import io.tidemark.store.Utf8KeyOrder;
import io.tidemark.store.WriteBatch;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A {@link CheckpointStore} in an LMDB environment (lmdbjava, byte-array buffers: no
 * {@code --add-opens} needed, as inside a Connect worker).
 *
 * <ul>
 *   <li>One environment per directory and JVM, shared and reference-counted by every store opened
 *       on it; the identity check applies to every open.</li>
 *   <li>One process at a time may open a directory for writing: {@code tidemark.lock} is locked
 *       with {@link java.nio.channels.FileChannel#tryLock()}, and a second process fails at once
 *       with {@link StoreLockedException} naming the holder.</li>
 *   <li>The map grows (doubling, up to {@link LmdbStoreOptions#maxMapSize()}) when a commit finds it
 *       full; the batch is then retried.</li>
 *   <li>{@link Durability#SYNC_EACH_COMMIT}: LMDB syncs each commit. {@link Durability#SYNC_PERIODIC}:
 *       {@code MDB_NOSYNC} plus a background sync every {@link LmdbStoreOptions#syncInterval()} and
 *       on close.</li>
 * </ul>
 * Thread-safe.
 */
public final class LmdbCheckpointStore implements CheckpointStore {

    private final CommitStats stats = new CommitStats();

    private final SharedEnv env;
    private final StoreIdentity identity;
    private final boolean readOnly;
    private final AtomicBoolean closed = new AtomicBoolean();

    private LmdbCheckpointStore(SharedEnv env, StoreIdentity identity, boolean readOnly) {
        this.env = env;
        this.identity = identity;
        this.readOnly = readOnly;
    }

    /**
     * Opens the store in {@code dir} (created if needed) for {@code identity}. The first open of a
     * new store records the identity; any later open with another identity fails.
     *
     * @throws io.tidemark.store.ForeignStoreException when the store belongs to another identity
     * @throws StoreLockedException when another process has the directory open
     * @throws CheckpointStoreException when the directory is unusable or its data is not LMDB
     */
    public static LmdbCheckpointStore open(Path dir, StoreIdentity identity, LmdbStoreOptions options) {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(options, "options");
        SharedEnv.Claim claim = SharedEnv.acquireWritable(dir, identity, options);
        return new LmdbCheckpointStore(claim.env(), claim.identity(), false);
    }

    /**
     * The opener connectors are wired with: {@link #open(Path, StoreIdentity, LmdbStoreOptions)} with
     * the default options and the given durability and sync interval.
     */
    public static CheckpointStoreOpener opener() {
        return (dir, identity, durability, syncInterval) -> open(
                dir,
                identity,
                LmdbStoreOptions.defaults().withDurability(durability).withSyncInterval(syncInterval));
    }

    /** {@link #open(Path, StoreIdentity, LmdbStoreOptions)} with {@link LmdbStoreOptions#defaults()}. */
    public static LmdbCheckpointStore open(Path dir, StoreIdentity identity) {
        return open(dir, identity, LmdbStoreOptions.defaults());
    }

    /**
     * Opens an existing store for writing as whatever identity it records (for operator tools).
     * Takes the directory lock like any writer.
     */
    public static LmdbCheckpointStore openExisting(Path dir, LmdbStoreOptions options) {
        Objects.requireNonNull(dir, "dir");
        if (!java.nio.file.Files.isRegularFile(dir.resolve("data.mdb"))) {
            throw new CheckpointStoreException("no checkpoint store at " + dir + " (no data.mdb there)");
        }
        SharedEnv.Claim claim = SharedEnv.acquireWritable(dir, null, options);
        return new LmdbCheckpointStore(claim.env(), claim.identity(), false);
    }

    /**
     * Opens an existing store for reading only: no directory lock is taken, so this works while
     * another process writes the store. {@link #commit} fails. {@link #identity()} is the recorded
     * owner.
     */
    public static LmdbCheckpointStore openReadOnly(Path dir) {
        Objects.requireNonNull(dir, "dir");
        SharedEnv.Claim claim = SharedEnv.acquireReadOnly(dir);
        return new LmdbCheckpointStore(claim.env(), claim.identity(), true);
    }

    @Override
    public StoreIdentity identity() {
        return identity;
    }

    @Override
    public Optional<byte[]> get(String key) {
        Objects.requireNonNull(key, "key");
        ensureOpen();
        if (key.startsWith(RESERVED_PREFIX)) {
            return Optional.empty();
        }
        return Optional.ofNullable(env.get(key.getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public SortedMap<String, byte[]> scan(String keyPrefix) {
        Objects.requireNonNull(keyPrefix, "keyPrefix");
        ensureOpen();
        TreeMap<String, byte[]> out = new TreeMap<>(Utf8KeyOrder.INSTANCE);
        for (Map.Entry<byte[], byte[]> e : env.scan(keyPrefix.getBytes(StandardCharsets.UTF_8))) {
            out.put(new String(e.getKey(), StandardCharsets.UTF_8), e.getValue());
        }
        return Collections.unmodifiableSortedMap(out);
    }

    @Override
    public void commit(WriteBatch batch) {
        Objects.requireNonNull(batch, "batch");
        ensureOpen();
        if (readOnly) {
            throw new CheckpointStoreException("checkpoint store at " + env.dir + " is open read-only");
        }
        if (batch.isEmpty()) {
            return;
        }
        long start = System.nanoTime();
        try {
            env.commit(batch.ops(), false);
        } catch (RuntimeException e) {
            stats.failed();
            throw e;
        }
        stats.committed(batch.size(), System.nanoTime() - start);
    }

    @Override
    public CommitStats commitStats() {
        return stats;
    }

    /** Forces everything committed so far to disk (a no-op cost with {@link Durability#SYNC_EACH_COMMIT}). */
    public void sync() {
        ensureOpen();
        env.sync();
    }

    /** The canonical directory of the store. */
    public Path directory() {
        return env.dir;
    }

    public Durability durability() {
        return env.durability;
    }

    public boolean isReadOnly() {
        return readOnly;
    }

    /** The current size of the LMDB map in bytes (it grows on demand). */
    public long mapSize() {
        ensureOpen();
        return env.mapSize();
    }

    /** Syncs performed by this directory's environment (periodic, explicit and on close). For tests. */
    long syncCount() {
        return env.syncCount();
    }

    /** Times the map of this directory's environment has grown. For tests and monitoring. */
    public long mapGrowths() {
        return env.growthCount();
    }

    /** Releases this store; the environment closes (syncing first) when its last store closes. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            env.release();
        }
    }

    private void ensureOpen() {
        if (closed.get()) {
            throw new CheckpointStoreException("checkpoint store at " + env.dir + " (" + identity + ") is closed");
        }
    }

    @Override
    public String toString() {
        return "LmdbCheckpointStore[" + env.dir + ", " + identity + (readOnly ? ", read-only" : "") + "]";
    }
}
