/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.s3sink.restore;

import io.tidemark.s3sink.TopicPartitionId;
import io.tidemark.s3sink.manifest.ManifestReader;
import io.tidemark.s3sink.manifest.ObjectLayout;
import io.tidemark.s3sink.remote.RemoteReadLimiter;
import io.tidemark.s3sink.remote.RemoteStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Replays the records of several partitions from S3: per partition in offset order, partitions
 * taken in turn. Knows nothing of Connect; the restore source task turns its records into source
 * records.
 */
public final class RestoreEngine implements AutoCloseable {

    /** How a chunk whose bytes do not match its manifest entry is handled. */
    public enum MismatchPolicy {
        /** The restore fails, naming the chunk. */
        FAIL,
        /** The chunk is left out (logged as an error and counted), the restore goes on after it. */
        SKIP
    }

    private final ManifestReader manifests;
    private final ChunkFetcher fetcher;
    private final RestoreRange range;
    private final MismatchPolicy policy;
    private final RestoreStats stats;
    private final LongSupplier clock;
    private final Map<TopicPartitionId, PartitionRestore> partitions = new LinkedHashMap<>();
    private final List<PartitionRestore> order = new ArrayList<>();
    private int turn;
    /** A failure met after records of the same poll were taken: those are handed out first. */
    private RuntimeException deferred;

    public RestoreEngine(
            RemoteStore remote,
            ObjectLayout layout,
            RemoteReadLimiter limiter,
            HotCache cache,
            RestoreRange range,
            MismatchPolicy policy,
            RestoreStats stats,
            LongSupplier clock) {
        this.manifests = new ManifestReader(remote, layout, limiter);
        this.fetcher = new ChunkFetcher(remote, limiter, cache, stats);
        this.range = range;
        this.policy = policy;
        this.stats = stats;
        this.clock = clock;
    }

    /** Starts replaying {@code tp} at original offset {@code nextOffset} (reads its manifest now). */
    public void add(TopicPartitionId tp, long nextOffset) {
        PartitionRestore p = new PartitionRestore(
                tp, nextOffset, manifests, fetcher, range, policy == MismatchPolicy.SKIP, stats, clock);
        partitions.put(tp, p);
        order.add(p);
    }

    /** Up to {@code max} records, partitions in turn; empty when nothing is to be replayed now. */
    public List<RestoredRecord> poll(int max) {
        if (deferred != null) {
            RuntimeException e = deferred;
            deferred = null;
            throw e;
        }
        List<RestoredRecord> out = new ArrayList<>(Math.min(max, 4096));
        int tried = 0;
        while (out.size() < max && tried < order.size()) {
            PartitionRestore p = order.get(turn);
            int got;
            try {
                got = p.poll(max - out.size(), out);
            } catch (RuntimeException e) {
                if (out.isEmpty()) {
                    throw e;
                }
                deferred = e; // records already taken from their chunks must not be lost
                break;
            }
            turn = (turn + 1) % order.size();
            tried = got == 0 ? tried + 1 : 0;
        }
        stats.recordsRestored(out.size());
        return out;
    }

    /** True when every chunk the manifests listed at their last read was replayed. */
    public boolean caughtUp() {
        return order.stream().allMatch(PartitionRestore::caughtUp);
    }

    /** True when every partition's range has ended and was replayed. */
    public boolean finished() {
        return order.stream().allMatch(PartitionRestore::finished);
    }

    /** The next original offset to replay per partition. */
    public Map<TopicPartitionId, Long> nextOffsets() {
        Map<TopicPartitionId, Long> out = new LinkedHashMap<>();
        partitions.forEach((tp, p) -> out.put(tp, p.nextOffset()));
        return out;
    }

    public RestoreStats stats() {
        return stats;
    }

    @Override
    public void close() {
        order.forEach(PartitionRestore::close);
    }
}
