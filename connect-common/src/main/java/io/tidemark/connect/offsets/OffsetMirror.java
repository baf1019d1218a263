/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.connect.offsets;

import io.tidemark.store.Checkpoint;
import io.tidemark.store.CheckpointCodec;
import io.tidemark.store.CheckpointStore;
import io.tidemark.store.CorruptRecordException;
import io.tidemark.store.GroupCommitter;
import io.tidemark.store.WriteBatch;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mirrors a source task's positions into the local {@link CheckpointStore}, next to Connect's own
 * offset storage, and decides at start which of the two a partition resumes from.
 *
 * <p>Every offset a task emits is {@linkplain #stamp stamped} with a per-partition sequence number
 * ({@code tidemark.seq}) and a signature ({@code tidemark.sig}). The local copy advances only in
 * {@link #acknowledged} (called from {@code SourceTask.commitRecord} once Kafka acknowledged the
 * record) and is committed in groups. At start, {@link #resolve} applies these rules:
 * <ol>
 *   <li>An offset in Connect whose signature does not match was written by an operator
 *       ({@code PATCH /connectors/NAME/offsets}): it wins, unless the local position descends from
 *       that very operator offset and is newer (the task resumed from it, then Kafka acknowledged
 *       more records before Connect flushed).</li>
 *   <li>Otherwise the side with the higher sequence wins; a tie goes to Connect. A lagging Connect
 *       offset (not yet flushed when the worker died) therefore never wins over a newer local one,
 *       and an empty local store (task moved to another machine) resumes from Connect.</li>
 *   <li>A local record that does not decode follows the corrupt-record policy.</li>
 * </ol>
 * Operator changes made through the offsets REST API reach the local store through
 * {@link #recordOperatorChange}, called from {@code Connector.alterOffsets} while the connector is
 * stopped, so a reset ({@code DELETE}) is never undone by stale local state.
 */
public final class OffsetMirror implements AutoCloseable {

    /** Key prefix of the mirrored positions in the store. */
    public static final String PREFIX = "offsets/";

    private static final Logger LOG = LoggerFactory.getLogger(OffsetMirror.class);

    private static final CheckpointCodec<PositionRecord> CODEC = new CheckpointCodec<>() {
        @Override
        public byte[] encode(PositionRecord value) {
            return value.encode();
        }

        @Override
        public PositionRecord decode(String key, byte[] bytes) {
            return PositionRecord.decode(key, bytes);
        }
    };

    private final CheckpointStore store;
    private final GroupCommitter committer;
    private final Checkpoint<PositionRecord> checkpoint;
    private final Map<String, CorruptRecordException> corrupt;
    private final MirrorOptions options;
    private final Map<String, Long> lastStagedSeq = new ConcurrentHashMap<>();
    private final Map<String, String> lineage = new ConcurrentHashMap<>();

    private OffsetMirror(CheckpointStore store, MirrorOptions options) {
        this.store = store;
        this.options = options;
        Map<String, CorruptRecordException> bad = new HashMap<>();
        // Corrupt records are collected, not thrown, here: the policy applies per partition in resolve().
        this.checkpoint = Checkpoint.load(
                store,
                PREFIX,
                CODEC,
                io.tidemark.store.CorruptRecordPolicy.TREAT_AS_MISSING,
                e -> bad.put(e.key().substring(PREFIX.length()), e));
        this.corrupt = Collections.unmodifiableMap(bad);
        this.committer =
                GroupCommitter.start(store, new GroupCommitter.Options(options.flushInterval(), options.maxPending()));
        checkpoint.commitThrough(committer);
    }

    /** Opens a mirror over {@code store}; the caller keeps owning the store. */
    public static OffsetMirror open(CheckpointStore store, MirrorOptions options) {
        return new OffsetMirror(store, options);
    }

    /**
     * Returns the offset with {@code tidemark.seq = seq} and a fresh {@code tidemark.sig}. Every
     * source offset a Tidemark task emits goes through this.
     */
    public static Map<String, Object> stamp(Map<String, ?> offset, long seq) {
        return stampInPlace(new LinkedHashMap<>(offset), seq);
    }

    /**
     * As {@link #stamp}, but adds the fields to {@code offset} itself (a map the caller just built
     * and owns) instead of copying it: the per-record path of a task.
     */
    public static Map<String, Object> stampInPlace(Map<String, Object> offset, long seq) {
        offset.remove(OffsetSignature.SIG_FIELD);
        offset.put(OffsetSignature.SEQ_FIELD, seq);
        offset.put(OffsetSignature.SIG_FIELD, OffsetSignature.sign(offset));
        return offset;
    }

    /**
     * The {@code tidemark.sig} that {@link #stamp} gives an offset with these fields: the signature
     * of every field of {@code offset} except {@code tidemark.sig} (so {@code tidemark.seq} must be
     * among them). For a task that keeps its stamped offsets in maps of its own and computes the
     * signature only when the offset is read; the result is the same as {@link #stamp}'s.
     */
    public static String signatureOf(Map<String, ?> offset) {
        return OffsetSignature.sign(offset);
    }

    /** The sequence number of a stamped offset; -1 when it has none. */
    public static long seqOf(Map<String, ?> offset) {
        return offset.get(OffsetSignature.SEQ_FIELD) instanceof Number n ? n.longValue() : -1L;
    }

    /** True when the offset was stamped by a task and not edited since. */
    public static boolean isTaskWritten(Map<String, ?> offset) {
        return OffsetSignature.isSigned(offset);
    }

    /**
     * Decides where {@code partition} resumes, from Connect's offset (null when Connect has none)
     * and the local store.
     *
     * @throws CorruptRecordException when the local record does not decode and the policy is
     *     fail-closed
     */
    public Resolution resolve(Map<String, ?> partition, Map<String, Object> connectOffset) {
        String id = PositionRecord.keyOf(partition);
        CorruptRecordException bad = corrupt.get(id);
        if (bad != null) {
            if (options.corruptPolicy() == io.tidemark.store.CorruptRecordPolicy.FAIL_CLOSED) {
                throw bad;
            }
            LOG.warn(
                    "Ignoring the local checkpoint of source partition {}: {} (checkpoint.corrupt.policy="
                            + "treat_as_missing)",
                    partition,
                    bad.getMessage());
        }
        Optional<PositionRecord> localRecord = checkpoint.get(id);
        Resolution r = reconcile(
                connectOffset,
                localRecord.map(PositionRecord::offset),
                localRecord.map(PositionRecord::base).orElse(null));
        lineage.remove(id);
        if (connectOffset != null && !OffsetSignature.isSigned(connectOffset)) {
            lineage.put(id, OffsetSignature.sign(connectOffset));
        } else if (r.source() == PositionSource.LOCAL && localRecord.get().base() != null) {
            lineage.put(id, localRecord.get().base());
        }
        r.offset().ifPresent(o -> lastStagedSeq.put(id, seqOf(o)));
        return r;
    }

    /**
     * The rules of {@link #resolve} (1 and 2 of this class's list), for a caller that keeps its local
     * position in a record of its own instead of this mirror's: an unsigned Connect offset (an
     * operator's) wins unless the local position descends from it and is newer; otherwise the higher
     * {@code tidemark.seq} wins, a tie going to Connect; either side alone wins; neither is
     * {@link PositionSource#NONE}. Reading the local record, and what a corrupt one does, stay with
     * the caller.
     *
     * @param connectOffset Connect's offset of the partition, null when Connect has none
     * @param localOffset   the local position as an offset carrying {@code tidemark.seq}, empty when none
     * @param localBase     the signature of the operator offset the local position descends from, or
     *                      null when it does not descend from an operator change
     */
    public static Resolution reconcile(
            Map<String, Object> connectOffset, Optional<Map<String, Object>> localOffset, String localBase) {
        if (connectOffset != null && !OffsetSignature.isSigned(connectOffset)) {
            boolean localDescends = localOffset.isPresent()
                    && localBase != null
                    && localBase.equals(OffsetSignature.sign(connectOffset))
                    && seqOf(localOffset.get()) > seqOf(connectOffset);
            return localDescends
                    ? Resolution.of(localOffset.get(), PositionSource.LOCAL)
                    : Resolution.of(connectOffset, PositionSource.OPERATOR_RESET);
        }
        if (connectOffset == null) {
            return localOffset.map(l -> Resolution.of(l, PositionSource.LOCAL)).orElseGet(Resolution::none);
        }
        if (localOffset.isPresent() && seqOf(localOffset.get()) > seqOf(connectOffset)) {
            return Resolution.of(localOffset.get(), PositionSource.LOCAL);
        }
        return Resolution.of(connectOffset, PositionSource.CONNECT);
    }

    /**
     * Every partition the local store knows, with its last committed offset: includes partitions
     * Connect may never have flushed.
     */
    public Map<Map<String, Object>, Map<String, Object>> localPositions() {
        Map<Map<String, Object>, Map<String, Object>> out = new LinkedHashMap<>();
        checkpoint.all().values().forEach(p -> out.put(p.partition(), p.offset()));
        return out;
    }

    /**
     * Records that Kafka acknowledged a record carrying {@code offset}: the local position advances
     * at the next group commit. Acknowledgements that arrive out of order (lower sequence than one
     * already staged) are ignored.
     */
    public void acknowledged(Map<String, ?> partition, Map<String, ?> offset) {
        String id = PositionRecord.keyOf(partition);
        long seq = seqOf(offset);
        Long before = lastStagedSeq.get(id);
        if (before != null && seq >= 0 && seq <= before) {
            return;
        }
        lastStagedSeq.put(id, seq);
        checkpoint.stage(
                id,
                new PositionRecord(
                        PositionRecord.normalize(partition),
                        PositionRecord.normalize(offset),
                        System.currentTimeMillis(),
                        lineage.get(id)));
    }

    /** Forgets a partition for good (its source is gone). */
    public void forget(Map<String, ?> partition) {
        String id = PositionRecord.keyOf(partition);
        lastStagedSeq.remove(id);
        lineage.remove(id);
        checkpoint.stageRemove(id);
    }

    /** Commits every acknowledged position now. */
    public void flush() {
        committer.flush();
    }

    /** Acknowledged position updates not yet committed to the local store. */
    public int pendingUpdates() {
        return committer.pendingCount();
    }

    /** The committer's last failure, if the last commit failed. */
    public Optional<RuntimeException> lastError() {
        return committer.lastError();
    }

    /** Flushes and stops group commit. The store stays open; its owner closes it. */
    @Override
    public void close() {
        committer.close();
    }

    /**
     * Applies an operator's change to Connect's offsets to the local store, so stale local state
     * cannot undo it. Call from {@code Connector.alterOffsets} after checking the offsets' shape;
     * Connect only allows it while the connector is stopped, so no task writes concurrently.
     * A null offset (reset) removes the partition; when every offset is null (DELETE
     * /connectors/NAME/offsets) every mirrored position is removed.
     */
    public static void recordOperatorChange(
            CheckpointStore store, Map<? extends Map<String, ?>, ? extends Map<String, ?>> offsets) {
        WriteBatch batch = WriteBatch.create();
        boolean resetAll = !offsets.isEmpty() && offsets.values().stream().allMatch(o -> o == null);
        if (resetAll) {
            store.scan(PREFIX).keySet().forEach(batch::delete);
        }
        offsets.forEach((partition, offset) -> {
            String key = PREFIX + PositionRecord.keyOf(partition);
            if (offset == null) {
                batch.delete(key);
            } else {
                // Stored exactly as the operator wrote it: a tie with Connect's copy at start resolves
                // to Connect, and an unsigned copy is recognised as the operator's.
                batch.put(
                        key,
                        new PositionRecord(
                                        PositionRecord.normalize(partition),
                                        PositionRecord.normalize(new TreeMap<>(offset)),
                                        System.currentTimeMillis(),
                                        null)
                                .encode());
            }
        });
        if (!batch.isEmpty()) {
            store.commit(batch);
        }
        LOG.info(
                "Applied an operator change of {} source offset(s) to the local checkpoint store{}",
                offsets.size(),
                resetAll ? " (reset: every mirrored position removed)" : "");
    }
}
