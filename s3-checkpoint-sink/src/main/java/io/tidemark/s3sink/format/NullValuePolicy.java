/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.s3sink.format;

import java.util.Locale;

/**
 * What the sink does with a record whose value is null (a tombstone of a compacted topic), the same
 * for every format.
 */
public enum NullValuePolicy {
    /** Write the record: the JSON envelope keeps {@code "value": null}; the raw format writes an empty value. */
    WRITE,
    /** Consume the record without writing it; its offset is committed once everything before it is in S3. */
    IGNORE,
    /** Do not write the record: it fails the task, or goes to the dead letter queue when one is configured. */
    FAIL;

    /** The policy named by a setting value (case-insensitive). */
    public static NullValuePolicy parse(String value) {
        return valueOf(value.strip().toUpperCase(Locale.ROOT));
    }

    public String settingValue() {
        return name().toLowerCase(Locale.ROOT);
    }
}
