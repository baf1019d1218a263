package io.tidemark.mongotrigger.checkpoint;

import java.util.Optional;

/**
 * The position a task resumes from, and where it came from.
 *
 * @param position     the newest acknowledged position, empty when there is none
 * @param source       which side supplied it
 * @param localCorrupt the local record did not decode and was treated as missing
 * @param nextSeq      the sequence number the next emitted record gets (above every one seen)
 */
public record Resolution(Optional<Position> position, Source source, boolean localCorrupt, long nextSeq) {

    public enum Source {
        /** Kafka Connect's offsets were newer (or the local store was empty). */
        CONNECT,
        /** The local checkpoint store was newer. */
        LOCAL,
        /** An operator changed or deleted the offsets through the REST API: their value wins. */
        OPERATOR_RESET,
        /** No position anywhere. */
        NONE
    }
}
