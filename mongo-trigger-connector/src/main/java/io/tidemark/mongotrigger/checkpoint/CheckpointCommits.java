/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.mongotrigger.checkpoint;

import io.tidemark.store.GroupCommitter;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Group commit of the acknowledged position into the local checkpoint, on the shared
 * {@link GroupCommitter} (common-store): its flusher thread, interval, serialised commits, retry of
 * a failed batch and {@link GroupCommitter#lastError()} are used as they are. What stays here is
 * what only this connector has:
 * <ul>
 *   <li>which position may be committed: the newest one of {@link AcknowledgedPositions} (the
 *       acknowledged prefix), read by a {@link GroupCommitter.Stager} at each flush, so the
 *       record is encoded once per commit, not once per acknowledgement on a producer thread;</li>
 *   <li>the record format: {@link LocalCheckpoint#entries} ({@code {token, updatedAt}}
 *       plus {@code <key>.seq}, in one batch);</li>
 *   <li>the early commit: {@code GroupCommitter}'s {@code maxPendingUpdates} counts distinct keys,
 *       and this connector has one position, so {@code checkpoint.flush.max.updates} counts advances
 *       of the acknowledged position here and asks for a commit with
 *       {@link GroupCommitter#requestFlush()}.</li>
 * </ul>
 * Producer threads calling {@link #acknowledged} never wait for a commit. {@link #committed()} is
 * the in-memory view of the store: it changes only after a batch was committed.
 */
public final class CheckpointCommits implements AutoCloseable {

    private final LocalCheckpoint local;
    private final AcknowledgedPositions acks;
    private final GroupCommitter committer;
    private final Clock clock;
    private final int maxUpdates;
    /** Advances of the acknowledged position not yet committed (approximate: reset after each commit). */
    private final AtomicLong uncommittedAdvances = new AtomicLong();
    /** Sequence of the newest position handed to the committer; only the flushing thread touches it. */
    private long stagedSeq;
    /** The position of the entries last handed to the committer; read by the commit listener. */
    private volatile Position stagedPosition;

    private volatile Position committed;

    /**
     * Starts a group committer over {@code local}'s store. The position {@code acks} starts from
     * counts as staged: it came from the store or from Connect, and is written again only once a newer
     * one is acknowledged.
     */
    public CheckpointCommits(
            LocalCheckpoint local, AcknowledgedPositions acks, GroupCommitter.Options options, Clock clock) {
        this.local = local;
        this.acks = acks;
        this.clock = clock;
        this.maxUpdates = options.maxPendingUpdates();
        this.stagedSeq = acks.committable().map(Position::seq).orElse(Long.MIN_VALUE);
        // One key per commit: distinct-key counting would never trigger; the early commit is ours.
        this.committer = GroupCommitter.start(
                local.store(), new GroupCommitter.Options(options.flushInterval(), Integer.MAX_VALUE));
        committer.addStager(this::due);
        // Runs on the flushing thread right after the commit: the batch holds the entries due() staged
        // at the start of that flush (only due() stages this key), so stagedPosition is what was committed.
        committer.addListener(batch -> {
            uncommittedAdvances.set(0);
            Position p = stagedPosition;
            if (p != null) {
                committed = p;
            }
        });
    }

    private Map<String, byte[]> due() {
        Optional<Position> p = acks.committable();
        if (p.isEmpty() || p.get().seq() <= stagedSeq) {
            return Map.of();
        }
        stagedSeq = p.get().seq();
        stagedPosition = p.get();
        return local.entries(p.get(), clock.instant().getEpochSecond());
    }

    /**
     * Kafka acknowledged the record with sequence {@code seq} (with exactly-once: Connect committed
     * its transaction). The local checkpoint advances at the next group commit, early once
     * {@code maxUpdates} advances are pending.
     */
    public void acknowledged(long seq) {
        int advanced = acks.acknowledged(seq);
        if (advanced > 0 && uncommittedAdvances.addAndGet(advanced) >= maxUpdates) {
            committer.requestFlush();
        }
    }

    /** Commits the newest acknowledged position now, on this thread. */
    public void flush() {
        committer.flush();
    }

    /** Acknowledged advances of the position not yet committed to the store. */
    public int pendingUpdates() {
        return (int) Math.min(Integer.MAX_VALUE, uncommittedAdvances.get());
    }

    /** The last commit failure, if the store has not accepted a commit since. */
    public Optional<RuntimeException> failure() {
        return committer.lastError();
    }

    /** The newest position this committer committed to the store; empty before its first commit. */
    public Optional<Position> committed() {
        return Optional.ofNullable(committed);
    }

    /** Stops the timer and commits what is acknowledged. The store stays open. */
    @Override
    public void close() {
        committer.close();
    }
}
