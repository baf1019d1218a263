package io.tidemark.mongotrigger.checkpoint;

import io.tidemark.store.CorruptRecordException;
import io.tidemark.store.CorruptRecordPolicy;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides at task start which acknowledged position wins between Kafka Connect's offsets and the
 * local checkpoint store:
 * <ul>
 *   <li>an operator's change through the offsets REST API (marker left by alterOffsets) wins, and is
 *       copied into the local store;</li>
 *   <li>otherwise the position with the higher emission sequence wins (both sides only ever hold
 *       positions Kafka acknowledged);</li>
 *   <li>an empty local store resumes from Connect's offsets;</li>
 *   <li>a local record that does not decode follows the corrupt-record policy: treated as missing
 *       (seed 001, the default) or failing closed.</li>
 * </ul>
 */
public final class PositionReconciler {

    private static final Logger LOG = LoggerFactory.getLogger(PositionReconciler.class);

    private PositionReconciler() {
    }

    public static Resolution resolve(Optional<Position> connectOffset, LocalCheckpoint local,
                                     CorruptRecordPolicy policy, long nowSeconds) {
        Optional<String> operator = local.operatorChange();
        if (operator.isPresent()) {
            LOG.info("Offsets were changed by an operator ({}); resuming from Connect's offsets: {}",
                    operator.get(), connectOffset.map(p -> p.token().toJson()).orElse("none"));
            long maxSeq = connectOffset.map(Position::seq).orElse(0L);
            if (local.read() instanceof LocalCheckpoint.State.Present p) {
                maxSeq = Math.max(maxSeq, p.seq());
            }
            local.applyOperatorChange(connectOffset, nowSeconds);
            return new Resolution(connectOffset, connectOffset.isPresent()
                    ? Resolution.Source.OPERATOR_RESET : Resolution.Source.NONE, false, maxSeq + 1);
        }
        LocalCheckpoint.State state = local.read();
        boolean corrupt = false;
        Optional<Position> localPosition = Optional.empty();
        if (state instanceof LocalCheckpoint.State.Corrupt c) {
            if (policy == CorruptRecordPolicy.FAIL_CLOSED) {
                throw new CorruptRecordException(local.key(), c.problem().getMessage()
                        + ". checkpoint.corrupt.policy=fail stops the task: inspect or delete the record, or set"
                        + " checkpoint.corrupt.policy=treat_as_missing to resume from Connect's offsets or the"
                        + " start settings", c.problem());
            }
            LOG.warn("Checkpoint {} is corrupt and is treated as missing (checkpoint.corrupt.policy=treat_as_missing): {}",
                    local.key(), c.problem().getMessage());
            corrupt = true;
        } else if (state instanceof LocalCheckpoint.State.Present p) {
            localPosition = Optional.of(new Position(p.checkpoint().tokenDocument(), p.seq()));
        }
        long maxSeq = Math.max(connectOffset.map(Position::seq).orElse(0L), localPosition.map(Position::seq).orElse(0L));
        if (connectOffset.isEmpty() && localPosition.isEmpty()) {
            return new Resolution(Optional.empty(), Resolution.Source.NONE, corrupt, maxSeq + 1);
        }
        if (localPosition.isEmpty()) {
            return new Resolution(connectOffset, Resolution.Source.CONNECT, corrupt, maxSeq + 1);
        }
        if (connectOffset.isEmpty() || localPosition.get().seq() > connectOffset.get().seq()) {
            return new Resolution(localPosition, Resolution.Source.LOCAL, corrupt, maxSeq + 1);
        }
        return new Resolution(connectOffset, Resolution.Source.CONNECT, corrupt, maxSeq + 1);
    }
}
