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
     */
    public synchronized void acknowledged(long seq) {
        Pending p = bySeq.remove(seq);
        if (p == null) {
            return;
        }
        p.acked = true;
        while (!inFlight.isEmpty() && inFlight.peekFirst().acked) {
            Pending head = inFlight.removeFirst();
            committable = new Position(head.token, head.seq);
            updates++;
        }
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
