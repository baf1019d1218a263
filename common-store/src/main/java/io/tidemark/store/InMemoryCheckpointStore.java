/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.store;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A {@link CheckpointStore} held in the heap, for unit tests of connector logic. It keeps the same
 * contract as the LMDB store (atomic batches, identity, sorted scans) but nothing survives the
 * process. {@link #failNextCommits(int)} lets a test see what its code does when a commit fails.
 */
public final class InMemoryCheckpointStore implements CheckpointStore {

    private final StoreIdentity identity;
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private final TreeMap<String, byte[]> data;
    private int failuresToInject;
    private boolean closed;
    private final CommitStats stats = new CommitStats();

    public InMemoryCheckpointStore(StoreIdentity identity) {
        this(identity, new TreeMap<>(Utf8KeyOrder.INSTANCE));
    }

    private InMemoryCheckpointStore(StoreIdentity identity, TreeMap<String, byte[]> data) {
        this.identity = identity;
        this.data = data;
    }

    /**
     * Opens the contents of {@code other} under {@code identity}, as reopening a store directory
     * would: fails with {@link ForeignStoreException} when the identities differ.
     */
    public static InMemoryCheckpointStore reopen(InMemoryCheckpointStore other, StoreIdentity identity) {
        if (!other.identity.equals(identity)) {
            throw new ForeignStoreException("memory", other.identity, identity);
        }
        other.lock.readLock().lock();
        try {
            TreeMap<String, byte[]> copy = new TreeMap<>(Utf8KeyOrder.INSTANCE);
            other.data.forEach((k, v) -> copy.put(k, v.clone()));
            return new InMemoryCheckpointStore(identity, copy);
        } finally {
            other.lock.readLock().unlock();
        }
    }

    /** The next {@code n} commits throw {@link CheckpointStoreException} and apply nothing. */
    public void failNextCommits(int n) {
        lock.writeLock().lock();
        try {
            failuresToInject = n;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Stores raw bytes under a key, bypassing codecs: lets a test plant a corrupt record. */
    public void putRaw(String key, byte[] value) {
        commit(WriteBatch.create().put(key, value));
    }

    @Override
    public StoreIdentity identity() {
        return identity;
    }

    @Override
    public Optional<byte[]> get(String key) {
        lock.readLock().lock();
        try {
            ensureOpen();
            byte[] v = data.get(key);
            return Optional.ofNullable(v == null ? null : v.clone());
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public SortedMap<String, byte[]> scan(String keyPrefix) {
        lock.readLock().lock();
        try {
            ensureOpen();
            TreeMap<String, byte[]> out = new TreeMap<>(Utf8KeyOrder.INSTANCE);
            for (Map.Entry<String, byte[]> e : data.tailMap(keyPrefix, true).entrySet()) {
                if (!e.getKey().startsWith(keyPrefix)) {
                    break;
                }
                out.put(e.getKey(), e.getValue().clone());
            }
            return Collections.unmodifiableSortedMap(out);
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public void commit(WriteBatch batch) {
        long start = System.nanoTime();
        lock.writeLock().lock();
        try {
            ensureOpen();
            if (failuresToInject > 0) {
                failuresToInject--;
                stats.failed();
                throw new CheckpointStoreException("injected commit failure (InMemoryCheckpointStore)");
            }
            for (WriteBatch.Op op : batch.ops()) {
                if (op.isDelete()) {
                    data.remove(op.key());
                } else {
                    data.put(op.key(), op.value().clone());
                }
            }
            stats.committed(batch.size(), System.nanoTime() - start);
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public CommitStats commitStats() {
        return stats;
    }

    @Override
    public void close() {
        lock.writeLock().lock();
        try {
            closed = true;
        } finally {
            lock.writeLock().unlock();
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new CheckpointStoreException("checkpoint store " + identity + " is closed");
        }
    }
}
