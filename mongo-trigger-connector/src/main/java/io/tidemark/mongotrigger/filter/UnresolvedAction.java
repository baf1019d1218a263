/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.mongotrigger.filter;

/** What the logical database filter does with an event whose logical database cannot be told. */
public enum UnresolvedAction {
    /** Pass it on with no logical database (downstream sees it; nothing is skipped). */
    INCLUDE,
    /** Drop it (counted and logged at DEBUG). */
    DROP,
    /** Stop the task with a message saying how to make the field available. */
    FAIL
}
