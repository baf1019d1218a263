/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.mongotrigger.trigger;

/** What happens to events no trigger matches. */
public enum UnmatchedPolicy {
    /** Dropped (their position still reaches the checkpoint through heartbeats). */
    DROP,
    /** Routed to a default topic. */
    ROUTE
}
