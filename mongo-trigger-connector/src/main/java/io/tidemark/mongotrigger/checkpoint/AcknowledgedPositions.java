/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.mongotrigger.checkpoint;

import io.tidemark.connect.offsets.AcknowledgedPrefix;
import java.util.Optional;
import org.bson.BsonDocument;

/**
 * The connector's one global position over the acknowledged prefix of everything it emitted
 * (connect-common's {@link AcknowledgedPrefix}): acknowledgements arrive out of order (records go
 * to many topics), and the position must never run ahead of an unacknowledged record.
 * Thread-safe: records are emitted by the task thread and acknowledged by producer threads.
 */
public final class AcknowledgedPositions {

    private final AcknowledgedPrefix<BsonDocument> prefix;

    public AcknowledgedPositions(Optional<Position> start) {
        this.prefix =
                start.map(p -> new AcknowledgedPrefix<>(p.seq(), p.token())).orElseGet(AcknowledgedPrefix::new);
    }

    /** A record carrying {@code token} with sequence {@code seq} was handed to Kafka (in seq order). */
    public void emitted(long seq, BsonDocument token) {
        prefix.emitted(seq, token);
    }

    /**
     * Kafka acknowledged the record with sequence {@code seq} (or dropped it by design: a
     * transformation filtered it). Unknown sequences are ignored.
     *
     * @return how many positions the committable one advanced by (0 while an earlier record is unacknowledged)
     */
    public int acknowledged(long seq) {
        synchronized (prefix) {
            long before = prefix.advances();
            prefix.acknowledged(seq);
            return (int) (prefix.advances() - before);
        }
    }

    /** The newest position all of whose records were acknowledged. */
    public Optional<Position> committable() {
        synchronized (prefix) {
            BsonDocument token = prefix.committable();
            return token == null ? Optional.empty() : Optional.of(new Position(token, prefix.committableSeq()));
        }
    }

    /** How many times the committable position advanced. */
    public long updates() {
        return prefix.advances();
    }

    public int inFlight() {
        return prefix.inFlight();
    }
}
