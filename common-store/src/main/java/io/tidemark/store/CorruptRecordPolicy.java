/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.store;

/** What a reader does with a record that does not decode (connectors choose their default). */
public enum CorruptRecordPolicy {
    /** Throw {@link CorruptRecordException}: the connector stops until an operator acts. */
    FAIL_CLOSED,
    /** Log and treat the record as absent (the change-stream source's default: a corrupt checkpoint is treated as missing). */
    TREAT_AS_MISSING
}
