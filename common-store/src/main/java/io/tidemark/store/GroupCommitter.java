/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.store;

import io.tidemark.concurrent.LogContextThreads;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit over any {@link CheckpointStore}: position updates are staged in memory,
 * coalesced per key (the last write wins), and committed as one atomic batch every
 * {@code flushInterval}, or earlier once {@code maxPendingUpdates} distinct keys are pending.
 *
 * <p>Staging never waits for the disk: it takes a short lock to put into the pending map. A flush
 * swaps that map for an empty one under the same short lock and commits the swapped map outside
 * it, so stagers keep going while the batch is written. Flushes are serialised among themselves
 * (a newer batch must never be committed before an older one).
 *
 * <p>{@link Listener}s run after a batch is committed, in commit order, on the committing thread:
 * an in-memory view updated from a listener changes only after persistence (persist first, then
 * change the view).
 * See {@link Checkpoint#commitThrough(GroupCommitter)}.
 *
 * <p>A failed commit puts its updates back into the pending map unless a later update for the same
 * key was staged meanwhile (the later one wins); they are retried at the next flush. The error is
 * thrown from {@link #flush()} when that flush's commit fails and is reported by {@link #lastError()}
 * until a commit succeeds.
 *
 * <p>A {@link Stager} supplies updates computed at flush time (the newest of many updates to one
 * key, encoded once per commit); {@link #requestFlush()} asks for an early commit when the caller's
 * own count says one is due.
 *
 * <p>The committer does not own the store: closing it flushes but leaves the store open.
 */
public final class GroupCommitter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GroupCommitter.class);

    /** Marks a staged delete in the pending map. */
    private static final byte[] DELETE = new byte[0];

    /** Receives each committed batch. */
    @FunctionalInterface
    public interface Listener {
        /** Called after {@code batch} was committed to the store; exceptions are logged and ignored. */
        void committed(WriteBatch batch);
    }

    /**
     * Supplies updates computed at flush time instead of staged one by one: e.g. the newest of many
     * updates to one key, encoded once per commit rather than once per update.
     */
    @FunctionalInterface
    public interface Stager {
        /**
         * Called at the start of every flush, on the flushing thread (flushes are serialised), before
         * the pending updates are taken; also by the final flush of {@link #close()}. Returns updates to
         * commit in that batch (a null value stages a delete), empty when nothing changed. Must not
         * block. An exception fails that flush as a failed commit would.
         */
        Map<String, byte[]> due();
    }

    /**
     * @param flushInterval     how long an update may wait before it is committed
     * @param maxPendingUpdates commit early once this many distinct keys are pending
     */
    public record Options(Duration flushInterval, int maxPendingUpdates) {
        public Options {
            Objects.requireNonNull(flushInterval, "flushInterval");
            if (flushInterval.isNegative() || flushInterval.isZero()) {
                throw new IllegalArgumentException("flushInterval must be positive, was " + flushInterval);
            }
            if (maxPendingUpdates < 1) {
                throw new IllegalArgumentException("maxPendingUpdates must be >= 1, was " + maxPendingUpdates);
            }
        }

        /** 1 s and 10,000 keys (the defaults of the connectors' checkpoint.flush.* settings). */
        public static Options defaults() {
            return new Options(Duration.ofSeconds(1), 10_000);
        }
    }

    private final CheckpointStore store;
    private final Options options;
    private final Object stageLock = new Object();
    private final ReentrantLock commitLock = new ReentrantLock();
    private final CopyOnWriteArrayList<Listener> listeners = new CopyOnWriteArrayList<>();
    private final CopyOnWriteArrayList<Stager> stagers = new CopyOnWriteArrayList<>();
    private final Thread flusher;
    private final AtomicLong committedBatches = new AtomicLong();
    private final AtomicLong committedUpdates = new AtomicLong();
    private final AtomicLong failedCommits = new AtomicLong();
    private volatile RuntimeException lastError;

    // guarded by stageLock
    private HashMap<String, byte[]> pending = new HashMap<>();
    private long stagedUpdates;
    private boolean flushRequested;
    private boolean closed;

    private GroupCommitter(CheckpointStore store, Options options) {
        this.store = Objects.requireNonNull(store, "store");
        this.options = Objects.requireNonNull(options, "options");
        this.flusher = LogContextThreads.thread(
                "tidemark-group-commit " + store.identity().owner(), this::runFlusher);
    }

    /** Starts a committer (and its flusher thread) over {@code store}. */
    public static GroupCommitter start(CheckpointStore store, Options options) {
        GroupCommitter c = new GroupCommitter(store, options);
        c.flusher.start();
        return c;
    }

    public CheckpointStore store() {
        return store;
    }

    public Options options() {
        return options;
    }

    public void addListener(Listener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    public void removeListener(Listener listener) {
        listeners.remove(listener);
    }

    /** Adds a {@link Stager}: its updates join every flush from now on. */
    public void addStager(Stager stager) {
        stagers.add(Objects.requireNonNull(stager, "stager"));
    }

    /** Stages {@code key = value}; returns at once. The value is copied. */
    public void stage(String key, byte[] value) {
        WriteBatch.checkKey(key);
        byte[] copy = Objects.requireNonNull(value, "value").clone();
        synchronized (stageLock) {
            ensureOpen();
            putPending(key, copy);
        }
    }

    /** Stages the removal of {@code key}; returns at once. */
    public void stageDelete(String key) {
        WriteBatch.checkKey(key);
        synchronized (stageLock) {
            ensureOpen();
            putPending(key, DELETE);
        }
    }

    /**
     * Stages several puts at once: they land in the same batch, so readers see all of them or none.
     * A null value stages a delete.
     */
    public void stageAll(Map<String, byte[]> values) {
        HashMap<String, byte[]> copies = new HashMap<>(values.size() * 2);
        values.forEach((k, v) -> {
            WriteBatch.checkKey(k);
            copies.put(k, v == null ? DELETE : v.clone());
        });
        synchronized (stageLock) {
            ensureOpen();
            copies.forEach(this::putPending);
        }
    }

    private void putPending(String key, byte[] value) {
        pending.put(key, value);
        stagedUpdates++;
        if (!flushRequested && pending.size() >= options.maxPendingUpdates()) {
            flushRequested = true;
            stageLock.notifyAll();
        }
    }

    /**
     * Asks the flusher thread to commit what is pending now instead of at the end of the interval;
     * returns at once, without waiting for the commit (unlike {@link #flush()}). For callers whose
     * own count of updates says a commit is due, e.g. many updates coalesced into one key, which
     * {@code maxPendingUpdates} (distinct keys) never reaches. Ignored once closed.
     */
    public void requestFlush() {
        synchronized (stageLock) {
            if (!closed && !flushRequested) {
                flushRequested = true;
                stageLock.notifyAll();
            }
        }
    }

    /**
     * Commits everything staged before this call, on this thread, and returns once it is committed
     * (and the listeners ran).
     *
     * @throws CheckpointStoreException when the commit fails; the updates stay pending
     */
    public void flush() {
        synchronized (stageLock) {
            if (closed) {
                throw new CheckpointStoreException("group committer of " + store.identity() + " is closed");
            }
        }
        flushPending();
    }

    private void flushPending() {
        commitLock.lock();
        try {
            stageDue();
            HashMap<String, byte[]> batchMap;
            synchronized (stageLock) {
                if (pending.isEmpty()) {
                    return;
                }
                batchMap = pending;
                pending = new HashMap<>(Math.max(16, batchMap.size() * 2));
            }
            WriteBatch batch = WriteBatch.create();
            batchMap.forEach((k, v) -> {
                if (v == DELETE) {
                    batch.delete(k);
                } else {
                    batch.put(k, v);
                }
            });
            try {
                store.commit(batch);
            } catch (RuntimeException e) {
                synchronized (stageLock) {
                    batchMap.forEach(pending::putIfAbsent);
                }
                failedCommits.incrementAndGet();
                lastError = e;
                throw e instanceof CheckpointStoreException cse
                        ? cse
                        : new CheckpointStoreException("group commit to " + store.identity() + " failed", e);
            }
            lastError = null;
            committedBatches.incrementAndGet();
            committedUpdates.addAndGet(batch.size());
            for (Listener l : listeners) {
                try {
                    l.committed(batch);
                } catch (RuntimeException e) {
                    LOG.error(
                            "group commit listener {} failed after a committed batch of {} updates",
                            l,
                            batch.size(),
                            e);
                }
            }
        } finally {
            commitLock.unlock();
        }
    }

    /** Puts the updates of the {@link Stager}s into the pending map (also when closing). */
    private void stageDue() {
        for (Stager st : stagers) {
            Map<String, byte[]> due;
            try {
                due = st.due();
            } catch (RuntimeException e) {
                failedCommits.incrementAndGet();
                lastError = e;
                throw new CheckpointStoreException(
                        "stager " + st + " of the group committer of " + store.identity() + " failed", e);
            }
            if (due == null || due.isEmpty()) {
                continue;
            }
            HashMap<String, byte[]> copies = new HashMap<>(due.size() * 2);
            due.forEach((k, v) -> {
                WriteBatch.checkKey(k);
                copies.put(k, v == null ? DELETE : v.clone());
            });
            synchronized (stageLock) {
                copies.forEach(this::putPending);
            }
        }
    }

    private void runFlusher() {
        long intervalNanos = options.flushInterval().toNanos();
        long deadline = System.nanoTime() + intervalNanos;
        while (true) {
            synchronized (stageLock) {
                long remaining;
                while (!closed && !flushRequested && (remaining = deadline - System.nanoTime()) > 0) {
                    try {
                        TimeUnit.NANOSECONDS.timedWait(stageLock, remaining);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (closed) {
                    return;
                }
                flushRequested = false;
            }
            deadline = System.nanoTime() + intervalNanos;
            try {
                flushPending();
            } catch (RuntimeException e) {
                LOG.warn(
                        "group commit to checkpoint store {} failed; {} keys stay pending and are retried at the next"
                                + " flush",
                        store.identity(),
                        pendingCount(),
                        e);
            }
        }
    }

    /** The error of the last commit attempt, if it failed; empty once a commit succeeds. */
    public Optional<RuntimeException> lastError() {
        return Optional.ofNullable(lastError);
    }

    /** Distinct keys staged and not yet committed. */
    public int pendingCount() {
        synchronized (stageLock) {
            return pending.size();
        }
    }

    /** Updates staged since start (before coalescing). */
    public long stagedUpdates() {
        synchronized (stageLock) {
            return stagedUpdates;
        }
    }

    public long committedBatches() {
        return committedBatches.get();
    }

    /** Updates committed (after coalescing). */
    public long committedUpdates() {
        return committedUpdates.get();
    }

    public long failedCommits() {
        return failedCommits.get();
    }

    /**
     * Stops the flusher and commits what is pending. Staging afterwards fails. Idempotent.
     *
     * @throws CheckpointStoreException when the final commit fails (the pending updates are lost)
     */
    @Override
    public void close() {
        synchronized (stageLock) {
            if (closed) {
                return;
            }
            closed = true;
            stageLock.notifyAll();
        }
        if (Thread.currentThread() != flusher) {
            try {
                flusher.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        flushPending();
    }

    private void ensureOpen() {
        if (closed) {
            throw new CheckpointStoreException("group committer of " + store.identity() + " is closed");
        }
    }
}
