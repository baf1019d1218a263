/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.mongotrigger.record;

/** How a record's value is written. */
public enum ValueFormat {
    /** A string holding the event as relaxed extended JSON (use the StringConverter). */
    JSON,
    /** A Connect Struct with {@link EventRecords#VALUE_SCHEMA}; documents inside are JSON strings. */
    STRUCT
}
