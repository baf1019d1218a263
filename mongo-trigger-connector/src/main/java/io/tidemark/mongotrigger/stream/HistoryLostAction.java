/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.mongotrigger.stream;

/** What to do when the stored resume position is no longer on the server. */
public enum HistoryLostAction {
    /** Stop with a message telling the operator how to continue (default: never skip data silently). */
    FAIL,
    /** Restart the watch from now, recorded as an AUDIT line. Events in the gap are skipped. */
    RESTART_FROM_NOW
}
