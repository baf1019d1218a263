/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.connect.offsets;

/** Where a task's starting position for one source partition came from. */
public enum PositionSource {
    /** Connect's offset storage was newer than (or as new as) the local store, or the only one. */
    CONNECT,
    /** The local CheckpointStore held a newer acknowledged position than Connect's offsets. */
    LOCAL,
    /**
     * Connect's offset was written by an operator (PATCH /connectors/NAME/offsets): it wins over
     * any local position.
     */
    OPERATOR_RESET,
    /** Neither knows the partition: the connector's start settings apply. */
    NONE
}
