/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.s3sink.pipeline;

import io.tidemark.s3sink.TopicPartitionId;
import io.tidemark.s3sink.manifest.ChunkEntryRecord;
import io.tidemark.s3sink.manifest.FencedException;
import io.tidemark.s3sink.manifest.ManifestOp;
import io.tidemark.s3sink.manifest.ManifestWriter;
import io.tidemark.s3sink.manifest.ObjectLayout;
import io.tidemark.s3sink.manifest.PartitionState;
import io.tidemark.s3sink.remote.ChecksumAlgorithm;
import io.tidemark.s3sink.remote.ObjectInfo;
import io.tidemark.s3sink.remote.RemoteStore;
import io.tidemark.s3sink.remote.RemoteStoreException;
import io.tidemark.s3sink.rotation.RotationPlanner;
import io.tidemark.s3sink.stage.LocalStore;
import io.tidemark.s3sink.stage.SealedChunk;
import io.tidemark.s3sink.stage.StagedChunk;
import io.tidemark.s3sink.upload.ChunkUploader;
import io.tidemark.s3sink.upload.PreparedChunk;
import io.tidemark.s3sink.upload.StagedChunkCorruptException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sink without Kafka Connect: stages records per partition (LocalStore), seals chunks when
 * the {@link RotationPlanner} says so, hands them to the {@link ChunkUploader} (one partition's chunks in
 * order, partitions in parallel on the upload pool), and tells the caller which offsets are
 * covered by durable manifests, where to seek on open, and where to rewind after a chunk could
 * not be written (corrupt staged file, transient S3 failure that outlasted the retries).
 *
 * <p>All methods are called from one thread (the task's); uploads run on the pool.
 */
public final class SinkEngine implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SinkEngine.class);

    /**
     * How many times in a row a partition may fail to write a chunk and rewind before the task gives
     * up and asks the operator to fix the cause.
     */
    public static final int DEFAULT_MAX_CONSECUTIVE_REWINDS = 20;

    /** Engine tuning. */
    public record Settings(
            ChecksumAlgorithm stagedIntegrity, boolean orphanSweep, Duration closeTimeout, int maxConsecutiveRewinds) {}

    private final Settings settings;
    private final LocalStore local;
    private final RotationPlanner planner;
    private final ChunkUploader uploader;
    private final ManifestWriter manifests;
    private final RemoteStore remote;
    private final ObjectLayout layout;
    private final ExecutorService pool;
    private final Map<TopicPartitionId, PartitionWriter> writers = new ConcurrentHashMap<>();
    private final Map<TopicPartitionId, Long> rewinds = new LinkedHashMap<>();
    private final SinkStats stats = new SinkStats();

    public SinkEngine(
            Settings settings,
            LocalStore local,
            RotationPlanner planner,
            ChunkUploader uploader,
            ManifestWriter manifests,
            RemoteStore remote,
            ExecutorService pool) {
        this.settings = settings;
        this.local = local;
        this.planner = planner;
        this.uploader = uploader;
        this.manifests = manifests;
        this.remote = remote;
        this.layout = manifests.layout();
        this.pool = pool;
    }

    // ------------------------------------------------------------------ open / recovery

    /**
     * Opens the partitions: takes each manifest over (fencing older writers), finishes or discards
     * pending work recorded locally, deletes orphaned objects, and returns for each partition the
     * first offset its manifest does not hold (where the consumer must seek); partitions whose
     * manifest is empty are absent (the consumer's committed position stands).
     */
    public Map<TopicPartitionId, Long> open(Collection<TopicPartitionId> partitions) {
        Map<TopicPartitionId, CompletableFuture<PartitionState>> opening = new LinkedHashMap<>();
        for (TopicPartitionId tp : partitions) {
            if (!writers.containsKey(tp)) {
                opening.put(tp, CompletableFuture.supplyAsync(() -> recover(tp), pool));
            }
        }
        Map<TopicPartitionId, Long> seeks = new LinkedHashMap<>();
        for (Map.Entry<TopicPartitionId, CompletableFuture<PartitionState>> e : opening.entrySet()) {
            PartitionState s;
            try {
                s = e.getValue().join();
            } catch (CompletionException ce) {
                throw failure("cannot open " + e.getKey(), ce.getCause());
            }
            writers.put(e.getKey(), new PartitionWriter(e.getKey(), s));
            if (s.nextOffset() >= 0) {
                seeks.put(e.getKey(), s.nextOffset());
            }
            LOG.info(
                    "Opened {}: manifest epoch {} from {}, {} chunks, next offset {}",
                    e.getKey(),
                    s.manifest().epoch(),
                    s.source(),
                    s.manifest().chunkCount(),
                    s.nextOffset());
        }
        return seeks;
    }

    private PartitionState recover(TopicPartitionId tp) {
        PartitionState state = manifests.open(tp);
        for (ChunkEntryRecord p : manifests.pending(tp)) {
            if (manifests.lists(state, p)) {
                manifests.discardPending(state, p, "already listed in the manifest");
                continue;
            }
            // Only a chunk that starts where the manifest ends can be proven contiguous. With an empty
            // manifest nothing says where the partition's first chunk started: chunks of a partition are
            // uploaded concurrently and each records itself as pending on its upload thread, so a later
            // chunk can be pending (and complete in S3) while an earlier one never recorded itself;
            // listing it would skip the earlier one's records for good. Its records are consumed again.
            boolean contiguous = state.nextOffset() >= 0 && state.nextOffset() == p.startOffset();
            Optional<ObjectInfo> obj = contiguous ? remote.head(p.key()) : Optional.empty();
            if (obj.isPresent()
                    && p.checksum().equals(obj.get().checksum())
                    && obj.get().size() == p.bytes()) {
                state = manifests.commitChunk(state, p, ManifestOp.Type.FINISH_PENDING);
                LOG.info("Finished pending chunk {} of {}: it was complete in S3, now listed", p.key(), tp);
            } else {
                dropPending(
                        state,
                        p,
                        obj.isPresent()
                                ? "incomplete or not contiguous; object deleted"
                                : "never uploaded, or not provably contiguous (nothing listed before it, or a gap);"
                                        + " records will be consumed again");
            }
        }
        if (settings.orphanSweep()) {
            sweepOrphans(state);
        }
        return state;
    }

    /** Deletes the object of a pending chunk the manifest does not list, then forgets the chunk. */
    private void dropPending(PartitionState state, ChunkEntryRecord p, String why) {
        remote.delete(p.key());
        manifests.discardPending(state, p, why);
        LOG.info("Discarded pending chunk {} of {}: {}", p.key(), state.tp(), why);
    }

    /**
     * Deletes the objects of chunks this task gave up on while it kept running: a chunk whose upload
     * or listing failed (or one before it did), so the partition rewound and consumed its records
     * again, now listed in other chunks (a rewritten chunk has other boundaries after wall-clock
     * rotation or a seal on close or quota, so it does not reuse the old key). Their pending records (written before each
     * upload started) say which objects may be in S3; one whose start lies below the manifest's
     * next offset can never be listed any more. Runs after each commit in the partition's list
     * stage, where every upload sealed before the listed chunk has finished and every later one
     * starts at or after the next offset. No other manifest lists such a key either: a newer
     * owner takes over from this manifest and lists only chunks from its next offset on. A delete
     * that fails is tried again after the next commit, or on open.
     */
    private void dropGivenUp(PartitionState state) {
        long next = state.nextOffset();
        for (ChunkEntryRecord p : manifests.pending(state.tp())) {
            if (p.startOffset() >= next) {
                continue; // in flight, or given up and not consumed again yet
            }
            try {
                if (manifests.lists(state, p)) {
                    manifests.discardPending(state, p, "already listed in the manifest");
                } else {
                    dropPending(
                            state,
                            p,
                            "given up after a failed write, its offsets now listed in other chunks; object deleted");
                }
            } catch (RemoteStoreException e) {
                LOG.warn(
                        "Could not delete s3://{}/{}, a chunk of {} given up after a failed write that no manifest"
                                + " lists; trying again after the next commit: {}",
                        remote.bucket(),
                        p.key(),
                        state.tp(),
                        e.getMessage());
                return;
            }
        }
    }

    /**
     * Deletes objects of the partition that the manifest does not list, from the start offset of
     * its last chunk on (earlier orphans cannot appear once the epoch was bumped: older writers
     * are fenced and delete their own uploads). Lists only that key range; the last chunk is
     * always in the manifest head's tail, so no segment needs to be read. With record variables in
     * the key template (keys partitioned into paths) the range is the one of the last chunk's path:
     * chunks of other paths are found through their pending records (recover, dropGivenUp), which
     * name their keys.
     */
    private void sweepOrphans(PartitionState state) {
        TopicPartitionId tp = state.tp();
        ChunkEntryRecord last = state.manifest().last();
        Optional<String> under = layout.sweepPrefix(tp, last);
        if (under.isEmpty()) {
            return; // record variables in the key template and nothing listed yet: no prefix to list
        }
        String startAfter = last == null ? null : ObjectLayout.sortsBefore(under.get(), last.startOffset());
        List<String> orphans = new ArrayList<>();
        remote.list(under.get(), startAfter, o -> {
            if (!state.manifest().lists(o.key())) {
                orphans.add(o.key());
            }
        });
        for (String key : orphans) {
            remote.delete(key);
            manifests.recordOrphanDeleted(state, key);
            stats.orphanDeleted();
            LOG.info(
                    "Deleted orphaned object s3://{}/{} (uploaded, never listed in the manifest of {})",
                    remote.bucket(),
                    key,
                    tp);
        }
    }

    // ------------------------------------------------------------------ write

    /** Stages records; seals and submits chunks as the planner decides. */
    public void write(List<EncodedRecord> records) {
        checkFailures();
        for (EncodedRecord r : records) {
            PartitionWriter w = writers.get(r.tp());
            if (w == null) {
                throw new SinkFailure(
                        "received a record of " + r.tp() + ", which this task does not have open", false, null);
            }
            if (w.awaitingRewind) {
                if (r.offset() > w.rewindHighWater) {
                    continue;
                }
                w.awaitingRewind = false;
            }
            if (r.offset() < w.nextExpected) {
                continue;
            }
            if (r.isSkipped()) {
                skip(w, r.offset());
                continue;
            }
            if (w.open != null && w.openSchemaId != r.schemaId()) {
                seal(w, RotationPlanner.Reason.SCHEMA_CHANGE);
            }
            if (w.open != null && !w.open.isEmpty() && !Objects.equals(w.open.path(), r.path())) {
                // chunks are per (topic, partition, path): one path per chunk keeps each chunk a
                // contiguous offset range, its key a function of its records
                seal(w, RotationPlanner.Reason.PATH);
            }
            if (planner.sealBefore(w.open, r.timestamp()) != null) {
                seal(w, RotationPlanner.Reason.RECORD_TIME);
            }
            if (w.open == null) {
                w.open = local.open(w.tp, settings.stagedIntegrity(), r.path());
                w.openSchemaId = r.schemaId();
            }
            w.open.append(r.offset(), r.timestamp(), r.bytes());
            if (w.firstStaged < 0) {
                w.firstStaged = r.offset();
            }
            w.nextExpected = r.offset() + 1;
            w.highestSeen = Math.max(w.highestSeen, r.offset());
            RotationPlanner.Reason full = planner.sealAfter(w.open);
            if (full != null) {
                seal(w, full);
            }
        }
    }

    /**
     * A record consumed without being written. When the manifest (with the records skipped after it)
     * covers every record staged before it, nothing is open or failed, its offset may be committed
     * although no chunk covers it: a partition that then receives only skipped records still advances.
     */
    private void skip(PartitionWriter w, long offset) {
        stats.skipped();
        if (w.open == null && w.failure == null && Math.max(w.state.nextOffset(), w.skippedNext) >= w.nextExpected) {
            w.skippedNext = offset + 1;
        }
        w.nextExpected = offset + 1;
        w.highestSeen = Math.max(w.highestSeen, offset);
    }

    /** Periodic work: wall-clock rotation and quota relief. */
    public void tick(long nowMillis) {
        checkFailures();
        for (PartitionWriter w : writers.values()) {
            if (planner.sealOnClock(w.open, nowMillis) != null) {
                seal(w, RotationPlanner.Reason.WALL_CLOCK);
            }
        }
        if (local.overQuota()) {
            relieveQuota();
        }
    }

    /**
     * Over quota: make sure enough staged bytes are on their way to S3 (and so will be freed) by
     * sealing the largest open chunks until at least half of the used bytes are sealed ones.
     */
    public void relieveQuota() {
        long used = local.usedBytes();
        long openBytes = 0;
        List<PartitionWriter> candidates = new ArrayList<>();
        for (PartitionWriter w : writers.values()) {
            if (w.open != null && !w.open.isEmpty()) {
                openBytes += w.open.bytes();
                candidates.add(w);
            }
        }
        candidates.sort(
                Comparator.comparingLong((PartitionWriter w) -> w.open.bytes()).reversed());
        long sealedBytes = used - openBytes;
        for (PartitionWriter w : candidates) {
            if (sealedBytes >= used / 2) {
                break;
            }
            sealedBytes += w.open.bytes();
            seal(w, RotationPlanner.Reason.QUOTA);
        }
    }

    public boolean overQuota() {
        return local.overQuota();
    }

    public boolean belowResumeMark() {
        return local.belowResumeMark();
    }

    private void seal(PartitionWriter w, RotationPlanner.Reason reason) {
        StagedChunk chunk = w.open;
        w.open = null;
        if (chunk == null) {
            return;
        }
        if (chunk.isEmpty()) {
            chunk.discard();
            return;
        }
        SealedChunk sealed = chunk.seal();
        int gen = w.generation.get();
        w.inFlight.incrementAndGet();
        w.inFlightBytes.addAndGet(sealed.stagedBytes());
        LOG.debug(
                "Sealed {} offsets {}-{} ({} records, {} bytes) because of {}",
                w.tp,
                sealed.firstOffset(),
                sealed.lastOffset(),
                sealed.records(),
                sealed.stagedBytes(),
                reason);
        // Pipeline: the chunk is verified and uploaded at once on the pool, concurrently with the
        // chunks of the same partition sealed before it (and with staging on the task thread);
        // listing in the manifest is chained after the previous chunk's, so manifests advance
        // strictly in chunk order and a chunk is listed only after every chunk before it.
        CompletableFuture<PreparedChunk> stored = CompletableFuture.supplyAsync(() -> store(w, gen, sealed), pool);
        w.tail = w.tail.handle((ok, err) -> null)
                .thenCombineAsync(
                        stored.handle(Stored::new),
                        (x, st) -> {
                            listJob(w, gen, sealed, st);
                            return null;
                        },
                        pool);
    }

    private record Stored(PreparedChunk prepared, Throwable error) {}

    /** First stage (may run concurrently for chunks of one partition): verify, record pending, upload. */
    private PreparedChunk store(PartitionWriter w, int gen, SealedChunk sealed) {
        if (w.generation.get() != gen || w.failure != null) {
            return null; // the partition is rewinding: skip the upload (the list stage releases the files)
        }
        long start = System.nanoTime();
        PreparedChunk prepared = uploader.prepareAndStore(w.state, sealed);
        if (prepared != null) {
            stats.uploaded(prepared.entry().bytes(), System.nanoTime() - start);
        }
        return prepared;
    }

    /** Second stage, in chunk order per partition: list the uploaded chunk in the manifest. */
    private void listJob(PartitionWriter w, int gen, SealedChunk sealed, Stored st) {
        try {
            Throwable err =
                    st.error() instanceof CompletionException ce && ce.getCause() != null ? ce.getCause() : st.error();
            if (w.generation.get() != gen || w.failure != null) {
                // an earlier chunk failed (or the partition was rewound/abandoned): never list past a gap;
                // an object uploaded anyway stays unlisted until the replay reuses its key or lists its
                // offsets in other chunks (then dropGivenUp deletes it), or the next open deletes it.
                // A fenced writer never lists again: it removes each upload the new owner has passed.
                if (w.failure instanceof FencedException && st.prepared() != null) {
                    uploader.deleteIfSuperseded(w.state, st.prepared().entry());
                }
                return;
            }
            if (err != null) {
                throw err;
            }
            if (st.prepared() == null) {
                return;
            }
            long start = System.nanoTime();
            w.state = uploader.list(w.state, st.prepared());
            stats.listed(System.nanoTime() - start);
            w.consecutiveRewinds = 0;
            dropGivenUp(w.state);
        } catch (Throwable t) {
            w.failure = t;
            if (t instanceof FencedException) {
                stats.fencedOut();
                LOG.warn("{}", t.getMessage());
            } else {
                LOG.warn("Chunk {}-{} of {} was not written", sealed.firstOffset(), sealed.lastOffset(), w.tp, t);
            }
        } finally {
            if (st.error() == null) {
                uploader.release(sealed, st.prepared());
            }
            w.inFlight.decrementAndGet();
            w.inFlightBytes.addAndGet(-sealed.stagedBytes());
        }
    }

    // ------------------------------------------------------------------ offsets, failures, rewinds

    /**
     * Per partition, the first offset not covered by its durable manifest or by skipped records after
     * it (what Connect may commit).
     */
    public Map<TopicPartitionId, Long> committableOffsets() {
        checkFailures();
        Map<TopicPartitionId, Long> out = new HashMap<>();
        for (PartitionWriter w : writers.values()) {
            long next = Math.max(w.state.nextOffset(), w.skippedNext);
            if (next >= 0) {
                out.put(w.tp, next);
            }
        }
        return out;
    }

    /** Partitions that must be consumed again from the given offset; the caller seeks there. */
    public Map<TopicPartitionId, Long> takeRewinds() {
        Map<TopicPartitionId, Long> out = new LinkedHashMap<>(rewinds);
        rewinds.clear();
        return out;
    }

    private void checkFailures() {
        for (PartitionWriter w : writers.values()) {
            Throwable f = w.failure;
            if (f == null) {
                continue;
            }
            if (f instanceof FencedException) {
                throw new SinkFailure(
                        f.getMessage() + ". Another task now writes " + w.tp + "; if no other task"
                                + " should, check that only one connector writes this topic to this bucket and prefix.",
                        false,
                        f);
            }
            boolean recoverable = f instanceof StagedChunkCorruptException
                    || (f instanceof RemoteStoreException rse && rse.isTransient());
            if (!recoverable) {
                throw failure("writing a chunk of " + w.tp + " failed", f);
            }
            if (++w.consecutiveRewinds > settings.maxConsecutiveRewinds()) {
                throw new SinkFailure(
                        "giving up on " + w.tp + " after " + settings.maxConsecutiveRewinds()
                                + " attempts in a row failed; fix the cause and restart the task. Last: "
                                + f.getMessage(),
                        false,
                        f);
            }
            rewind(w, f);
        }
    }

    private void rewind(PartitionWriter w, Throwable why) {
        stats.rewound();
        w.generation.incrementAndGet();
        if (w.open != null) {
            w.open.discard();
            w.open = null;
        }
        long target = w.rewindTarget();
        w.failure = null;
        if (target < 0) {
            return;
        }
        w.nextExpected = target;
        w.awaitingRewind = true;
        w.rewindHighWater = w.highestSeen;
        rewinds.put(w.tp, target);
        LOG.warn(
                "Consuming {} again from offset {} ({} in a row): {}",
                w.tp,
                target,
                w.consecutiveRewinds,
                why.getMessage());
    }

    private static SinkFailure failure(String what, Throwable cause) {
        if (cause instanceof SinkFailure sf) {
            return sf;
        }
        if (cause instanceof FencedException fe) {
            return new SinkFailure(fe.getMessage(), false, fe);
        }
        if (cause instanceof RemoteStoreException rse) {
            return new SinkFailure(
                    what + ": " + rse.getMessage() + (rse.isTransient() ? "" : hint(rse)), rse.isTransient(), rse);
        }
        return new SinkFailure(what + ": " + cause, false, cause);
    }

    private static String hint(RemoteStoreException e) {
        String code = e.errorCode() == null ? "" : e.errorCode();
        return switch (code) {
            case "NoSuchBucket" -> " (create the bucket or fix s3.bucket.name)";
            case "AccessDenied", "InvalidAccessKeyId", "SignatureDoesNotMatch" ->
                " (check aws.access.key.id / aws.secret.access.key and the bucket policy)";
            default -> "";
        };
    }

    // ------------------------------------------------------------------ close

    /**
     * Closes partitions (revoked or task stopping): seals their open chunks, waits up to the close
     * timeout for their uploads, then forgets them. Work still running afterwards is abandoned:
     * the next owner fences it and deletes its objects as orphans.
     */
    public void close(Collection<TopicPartitionId> partitions) {
        List<PartitionWriter> closing = new ArrayList<>();
        for (TopicPartitionId tp : partitions) {
            PartitionWriter w = writers.remove(tp);
            if (w != null) {
                if (w.failure == null) {
                    seal(w, RotationPlanner.Reason.CLOSE);
                } else if (w.open != null) {
                    w.open.discard();
                    w.open = null;
                }
                closing.add(w);
            }
        }
        long deadline = System.nanoTime() + settings.closeTimeout().toNanos();
        for (PartitionWriter w : closing) {
            try {
                w.tail.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                LOG.warn(
                        "Uploads of {} did not finish within {} ms of closing it; abandoning them",
                        w.tp,
                        settings.closeTimeout().toMillis());
                w.generation.incrementAndGet();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                w.generation.incrementAndGet();
            } catch (ExecutionException e) {
                LOG.warn("Closing {} failed", w.tp, e.getCause());
            }
            rewinds.remove(w.tp);
        }
    }

    public Collection<TopicPartitionId> openPartitions() {
        return List.copyOf(writers.keySet());
    }

    /** Bytes staged and not yet uploaded. */
    public long stagedBytes() {
        return local.usedBytes();
    }

    /** The staging quota (stage.quota.bytes). */
    public long stagingQuotaBytes() {
        return local.quotaBytes();
    }

    /** Manifest segments written to S3 by this task. */
    public long segmentsWritten() {
        return manifests.segmentsWritten();
    }

    /** Counts for metrics, readable from any thread. */
    public SinkStats stats() {
        return stats;
    }

    /** Sealed chunks being uploaded or waiting to be listed, over all partitions. */
    public int chunksInFlight() {
        int n = 0;
        for (PartitionWriter w : writers.values()) {
            n += w.inFlight.get();
        }
        return n;
    }

    /** The most failed chunks in a row of any partition (the task fails above the rewind limit). */
    public int maxConsecutiveRewinds() {
        int max = 0;
        for (PartitionWriter w : writers.values()) {
            max = Math.max(max, w.consecutiveRewinds);
        }
        return max;
    }

    /** Test and metrics view: the durable state of a partition. */
    public Optional<PartitionState> state(TopicPartitionId tp) {
        PartitionWriter w = writers.get(tp);
        return w == null ? Optional.empty() : Optional.of(w.state);
    }

    /** Waits until no upload of any partition is in flight (tests, benchmarks). */
    public void awaitIdle(Duration timeout) throws TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (PartitionWriter w : writers.values()) {
            try {
                w.tail.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException e) {
                // failures are reported through checkFailures
            }
        }
    }

    /** Seals every open chunk now (tests, benchmarks, flush on demand). */
    public void sealAll() {
        for (PartitionWriter w : writers.values()) {
            seal(w, RotationPlanner.Reason.CLOSE);
        }
    }

    @Override
    public void close() {
        close(List.copyOf(writers.keySet()));
    }
}
