/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.store;

/**
 * A stored record does not decode. Callers decide, through {@link CorruptRecordPolicy}, whether
 * this fails closed or the record is treated as missing.
 */
public class CorruptRecordException extends CheckpointStoreException {

    private final String key;
    private final String problem;

    public CorruptRecordException(String key, String problem) {
        super("checkpoint record '" + key + "' is corrupt: " + problem);
        this.key = key;
        this.problem = problem;
    }

    public CorruptRecordException(String key, String problem, Throwable cause) {
        super("checkpoint record '" + key + "' is corrupt: " + problem, cause);
        this.key = key;
        this.problem = problem;
    }

    public String key() {
        return key;
    }

    /** What is wrong with the record, without the "checkpoint record '<key>' is corrupt: " prefix. */
    public String problem() {
        return problem;
    }
}
