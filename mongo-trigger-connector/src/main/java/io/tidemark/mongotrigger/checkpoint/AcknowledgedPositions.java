package io.tidemark.mongotrigger.checkpoint;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.bson.BsonDocument;

/**
 * Tracks records handed to Kafka and which of them Kafka acknowledged. The committable position is
 * the newest one whose record and every earlier record were acknowledged: acknowledgements can
 * arrive out of order (different topic partitions), and a position must never run ahead of an
 * unacknowledged record. Thread-safe: records are emitted by the task thread and acknowledged by
 * producer threads.
 *
 * <p>Not connect-common's {@code OffsetMirror.acknowledged}: that one stages the highest sequence
 * acknowledged so far and ignores lower ones arriving later, so its position can run ahead of a
 * record still in flight. This connector's one position spans records sent to many topics, whose
 * acknowledgements arrive out of order, and must only advance over an acknowledged prefix.
 */
public final class AcknowledgedPositions {

    private static final class Pending {
        final long seq;
        final BsonDocument token;
        boolean acked;

        Pending(long seq, BsonDocument token) {
            this.seq = seq;
            this.token = token;
        }
    }

    private final ArrayDeque<Pending> inFlight = new ArrayDeque<>();
    private final Map<Long, Pending> bySeq = new HashMap<>();
    private Position committable;
    private long updates;

    public AcknowledgedPositions(Optional<Position> start) {
        this.committable = start.orElse(null);
    }

    /** A record carrying {@code token} with sequence {@code seq} was handed to Kafka (in seq order). */
    public synchronized void emitted(long seq, BsonDocument token) {
        Pending p = new Pending(seq, token);
        inFlight.addLast(p);
        bySeq.put(seq, p);
    }

    /**
     * Kafka acknowledged the record with sequence {@code seq} (or dropped it by design: a
     * transformation filtered it). Unknown sequences are ignored.
     *
     * @return how many positions the committable one advanced by (0 while an earlier record is unacknowledged)
     */
    public synchronized int acknowledged(long seq) {
        Pending p = bySeq.remove(seq);
        if (p == null) {
            return 0;
        }
        p.acked = true;
        int advanced = 0;
        while (!inFlight.isEmpty() && inFlight.peekFirst().acked) {
            Pending head = inFlight.removeFirst();
            committable = new Position(head.token, head.seq);
            advanced++;
        }
        updates += advanced;
        return advanced;
    }

    /** The newest position all of whose records were acknowledged. */
    public synchronized Optional<Position> committable() {
        return Optional.ofNullable(committable);
    }

    /** How many times the committable position advanced. */
    public synchronized long updates() {
        return updates;
    }

    public synchronized int inFlight() {
        return inFlight.size();
    }
}
