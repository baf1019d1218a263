/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.mongotrigger.connect;

import io.tidemark.connect.offsets.OffsetMirror;
import io.tidemark.connect.offsets.PositionSource;
import io.tidemark.connect.offsets.Resolution;
import io.tidemark.mongotrigger.checkpoint.LocalCheckpoint;
import io.tidemark.mongotrigger.checkpoint.Position;
import io.tidemark.mongotrigger.checkpoint.ResumePoint;
import io.tidemark.mongotrigger.checkpoint.StartPoint;
import io.tidemark.store.CorruptRecordException;
import io.tidemark.store.CorruptRecordPolicy;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides at task start which acknowledged position wins between Kafka Connect's offset and the
 * local checkpoint. The generic rules are connect-common's {@link OffsetMirror#reconcile} (the same
 * code as the file source's {@code OffsetMirror.resolve}): a Connect offset without a task's
 * signature (an operator's {@code PATCH}) wins; otherwise the higher {@code tidemark.seq} wins, a tie
 * going to Connect, so a lagging Connect offset never wins over a newer local one and an empty local
 * store resumes from Connect.
 *
 * <p>Why this is not {@code OffsetMirror} itself: the local side is the global checkpoint,
 * {@code {token, updatedAt}} under {@code checkpoint.key} (sys/checkpoints/trigger_evaluator) with
 * its sequence under {@code <key>.seq} ({@link LocalCheckpoint}), not OffsetMirror's
 * {@code offsets/<partition>} record; existing stores keep that record. What stays here, around the
 * shared rules:
 * <ul>
 *   <li>the {@code <key>.operator} marker {@code alterOffsets()} leaves: Connect's value (or its
 *       absence, after a {@code DELETE}) wins whatever its signature, since an operator may PATCH an
 *       offset copied with a task's signature; OffsetMirror instead rewrites its record inside
 *       {@code alterOffsets()}. Either way, and for an unsigned offset, the operator's position is
 *       copied into the local store;</li>
 *   <li>no lineage: the {@code {token, updatedAt}} record has no room for the operator offset a position descends from,
 *       so {@code localBase} is always null and an unsigned Connect offset wins until Connect has
 *       flushed a task's offset (after a crash in between, records since the operator's change are
 *       delivered again: duplicates, never a gap);</li>
 *   <li>a local record that does not decode follows {@code checkpoint.corrupt.policy}
 *       ("treat as missing" by default) with a message naming the key and the options, and only when
 *       it matters: an operator's offset replaces a corrupt record even with {@code fail}, where
 *       OffsetMirror applies the policy before looking at Connect's offset;</li>
 *   <li>the next sequence is above both sides' sequences ({@link ResumePoint#nextSeq()});</li>
 *   <li>with no position on either side, the starting point an earlier start "from now" recorded
 *       ({@link LocalCheckpoint#readStart()}), under the same corrupt policy.</li>
 * </ul>
 */
public final class PositionReconciler {

    private static final Logger LOG = LoggerFactory.getLogger(PositionReconciler.class);

    private PositionReconciler() {}

    /**
     * @param connectOffset Connect's offset of the partition {@code {"consumer": consumer.id}}, null when none
     */
    public static ResumePoint resolve(
            Map<String, Object> connectOffset, LocalCheckpoint local, CorruptRecordPolicy policy, long nowSeconds) {
        Optional<Position> connect = OffsetShape.position(connectOffset);
        LocalCheckpoint.State state = local.read();
        Optional<String> operator = local.operatorChange();
        if (operator.isPresent()) {
            return operatorChange(operator.get(), connect, LocalCheckpoint.position(state), local, nowSeconds);
        }
        Optional<Position> localPosition = LocalCheckpoint.position(state); // empty when missing or corrupt
        Resolution r = OffsetMirror.reconcile(
                connectOffset, localPosition.map(p -> OffsetShape.offset(p.token(), p.seq(), nowSeconds)), null);
        if (r.source() == PositionSource.OPERATOR_RESET) {
            // replaces the local record, so whether it decodes does not matter
            return operatorChange("offset in Connect not written by a task", connect, localPosition, local, nowSeconds);
        }
        boolean corrupt = false;
        if (state instanceof LocalCheckpoint.State.Corrupt c) {
            corrupt(c.problem(), policy);
            corrupt = true;
        }
        Optional<Position> winner = r.source() == PositionSource.LOCAL ? localPosition : connect;
        Optional<StartPoint> startPoint = Optional.empty();
        if (r.source() == PositionSource.NONE) {
            try {
                startPoint = local.readStart();
            } catch (CorruptRecordException e) {
                corrupt(e, policy);
                corrupt = true;
            }
        }
        return new ResumePoint(
                r.source() == PositionSource.NONE ? Optional.empty() : winner,
                r.source(),
                corrupt,
                nextSeq(connect, localPosition),
                startPoint);
    }

    /** Applies checkpoint.corrupt.policy to a local record that does not decode. */
    private static void corrupt(CorruptRecordException problem, CorruptRecordPolicy policy) {
        if (policy == CorruptRecordPolicy.FAIL_CLOSED) {
            throw new CorruptRecordException(
                    problem.key(),
                    problem.problem()
                            + ". checkpoint.corrupt.policy=fail stops the task: inspect or delete the record, or set"
                            + " checkpoint.corrupt.policy=treat_as_missing to resume from Connect's offsets or the"
                            + " start settings",
                    problem);
        }
        LOG.warn("{} It is treated as missing (checkpoint.corrupt.policy=treat_as_missing).", problem.getMessage());
    }

    /** Connect's value (or its absence) wins and replaces the local checkpoint, clearing the marker. */
    private static ResumePoint operatorChange(
            String why,
            Optional<Position> connect,
            Optional<Position> localPosition,
            LocalCheckpoint local,
            long nowSeconds) {
        LOG.info(
                "Offsets were changed by an operator ({}); resuming from Connect's offsets: {}",
                why,
                connect.map(p -> p.token().toJson()).orElse("none"));
        local.applyOperatorChange(connect, nowSeconds);
        return new ResumePoint(
                connect,
                connect.isPresent() ? PositionSource.OPERATOR_RESET : PositionSource.NONE,
                false,
                nextSeq(connect, localPosition));
    }

    private static long nextSeq(Optional<Position> connect, Optional<Position> local) {
        return Math.max(
                        connect.map(Position::seq).orElse(0L),
                        local.map(Position::seq).orElse(0L))
                + 1;
    }
}
