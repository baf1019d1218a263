/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.store;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;

/**
 * The in-memory view of a set of positions stored under one key prefix of a
 * {@link CheckpointStore}. Every mutation is committed to the store first and reflected
 * here only after the store accepted it; if the commit fails, this view is unchanged. The view can
 * be discarded and rebuilt from the store at any time with {@link #load}.
 *
 * <p>Positions can also be staged through a {@link GroupCommitter} (see {@link #commitThrough}):
 * {@link #stage} returns at once and the view changes when the committer has committed the batch.
 * Use either the direct methods ({@link #put}, {@link #putAll}, {@link #remove}) or staging for a
 * given id, not both: a staged value committed later would overwrite a newer direct put.
 *
 * <p>Thread-safe: mutations are serialised; reads see the last committed state, and
 * {@link #all()} never shows part of a batch.
 */
public final class Checkpoint<V> {

    private final CheckpointStore store;
    private final String prefix;
    private final CheckpointCodec<V> codec;
    private final Map<String, V> view = new ConcurrentHashMap<>();
    private final Object writeLock = new Object();
    /** Write: applying a committed batch to the view. Read: taking a snapshot of the whole view. */
    private final ReadWriteLock viewLock = new ReentrantReadWriteLock();

    private volatile GroupCommitter committer;

    private Checkpoint(CheckpointStore store, String prefix, CheckpointCodec<V> codec) {
        this.store = store;
        this.prefix = prefix;
        this.codec = codec;
    }

    /**
     * Builds the view from what the store holds under {@code prefix}. Records that do not decode
     * follow {@code policy}: {@link CorruptRecordPolicy#FAIL_CLOSED} throws
     * {@link CorruptRecordException}; {@link CorruptRecordPolicy#TREAT_AS_MISSING} leaves them out
     * and reports each to {@code onCorrupt}.
     */
    public static <V> Checkpoint<V> load(
            CheckpointStore store,
            String prefix,
            CheckpointCodec<V> codec,
            CorruptRecordPolicy policy,
            Consumer<CorruptRecordException> onCorrupt) {
        Objects.requireNonNull(policy, "policy");
        Checkpoint<V> c = new Checkpoint<>(store, prefix, codec);
        for (Map.Entry<String, byte[]> e : store.scan(prefix).entrySet()) {
            try {
                c.view.put(e.getKey().substring(prefix.length()), codec.decode(e.getKey(), e.getValue()));
            } catch (CorruptRecordException corrupt) {
                if (policy == CorruptRecordPolicy.FAIL_CLOSED) {
                    throw corrupt;
                }
                onCorrupt.accept(corrupt);
            } catch (RuntimeException other) {
                CorruptRecordException corrupt = new CorruptRecordException(e.getKey(), other.toString(), other);
                if (policy == CorruptRecordPolicy.FAIL_CLOSED) {
                    throw corrupt;
                }
                onCorrupt.accept(corrupt);
            }
        }
        return c;
    }

    public static <V> Checkpoint<V> load(
            CheckpointStore store, String prefix, CheckpointCodec<V> codec, CorruptRecordPolicy policy) {
        return load(store, prefix, codec, policy, e -> {});
    }

    public Optional<V> get(String id) {
        return Optional.ofNullable(view.get(id));
    }

    /** A snapshot of every position, by id: the state after some committed batch, never part of one. */
    public Map<String, V> all() {
        viewLock.readLock().lock();
        try {
            return Collections.unmodifiableMap(new LinkedHashMap<>(view));
        } finally {
            viewLock.readLock().unlock();
        }
    }

    public int size() {
        return view.size();
    }

    /** Persists then shows one position. */
    public void put(String id, V value) {
        putAll(Map.of(id, value));
    }

    /** Persists all positions in one atomic batch, then shows them. */
    public void putAll(Map<String, V> values) {
        if (values.isEmpty()) {
            return;
        }
        synchronized (writeLock) {
            WriteBatch batch = WriteBatch.create();
            values.forEach((id, v) -> batch.put(prefix + id, codec.encode(v)));
            store.commit(batch);
            viewLock.writeLock().lock();
            try {
                view.putAll(values);
            } finally {
                viewLock.writeLock().unlock();
            }
        }
    }

    /** Persists the removal, then forgets the position. */
    public void remove(String id) {
        synchronized (writeLock) {
            store.commit(WriteBatch.create().delete(prefix + id));
            viewLock.writeLock().lock();
            try {
                view.remove(id);
            } finally {
                viewLock.writeLock().unlock();
            }
        }
    }

    /**
     * Routes {@link #stage}, {@link #stageAll} and {@link #stageRemove} through {@code groupCommitter}
     * (which must commit to this view's store): the view applies each committed batch's operations
     * under this view's prefix, after the commit. Call once, right after {@link #load}.
     *
     * @return this view
     */
    public Checkpoint<V> commitThrough(GroupCommitter groupCommitter) {
        Objects.requireNonNull(groupCommitter, "groupCommitter");
        if (groupCommitter.store() != store) {
            throw new IllegalArgumentException("the group committer commits to " + groupCommitter.store()
                    + ", not to this checkpoint's store " + store);
        }
        synchronized (writeLock) {
            if (committer != null) {
                throw new IllegalStateException(
                        "checkpoint '" + prefix + "' already commits through a group committer");
            }
            committer = groupCommitter;
            groupCommitter.addListener(this::applyCommitted);
        }
        return this;
    }

    /** Stages a position; it shows here once the group committer has committed it. */
    public void stage(String id, V value) {
        groupCommitter().stage(prefix + id, codec.encode(value));
    }

    /** Stages several positions into the same batch. */
    public void stageAll(Map<String, V> values) {
        Map<String, byte[]> encoded = new LinkedHashMap<>();
        values.forEach((id, v) -> encoded.put(prefix + id, codec.encode(v)));
        groupCommitter().stageAll(encoded);
    }

    /** Stages the removal of a position; it disappears here once committed. */
    public void stageRemove(String id) {
        groupCommitter().stageDelete(prefix + id);
    }

    private GroupCommitter groupCommitter() {
        GroupCommitter c = committer;
        if (c == null) {
            throw new IllegalStateException("checkpoint '" + prefix + "' has no group committer: call commitThrough"
                    + " first, or use put/remove");
        }
        return c;
    }

    /** Applies the operations of a committed batch that fall under this view's prefix. */
    private void applyCommitted(WriteBatch batch) {
        viewLock.writeLock().lock();
        try {
            for (WriteBatch.Op op : batch.ops()) {
                if (!op.key().startsWith(prefix)) {
                    continue;
                }
                String id = op.key().substring(prefix.length());
                if (op.isDelete()) {
                    view.remove(id);
                } else {
                    view.put(id, codec.decode(op.key(), op.value()));
                }
            }
        } finally {
            viewLock.writeLock().unlock();
        }
    }

    /** The store key a position id maps to. */
    public String keyOf(String id) {
        return prefix + id;
    }

    public String prefix() {
        return prefix;
    }
}
