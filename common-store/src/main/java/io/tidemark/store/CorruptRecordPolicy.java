package io.tidemark.store;

/** What a reader does with a record that does not decode (seeds 001 and 004 differ). */
public enum CorruptRecordPolicy {
    /** Throw {@link CorruptRecordException}: the connector stops until an operator acts (seed 004). */
    FAIL_CLOSED,
    /** Log and treat the record as absent (seed 001: "Checkpoint corrupted: treat as missing"). */
    TREAT_AS_MISSING
}
