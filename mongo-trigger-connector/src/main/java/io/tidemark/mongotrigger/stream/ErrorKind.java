/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.mongotrigger.stream;

/** What a failure of the change stream means for the connector. */
public enum ErrorKind {
    /** The stored position is no longer on the server (260, 280, 286): events after it are gone. */
    HISTORY_LOST,
    /** Network, timeouts, elections, step-downs: retry with backoff from the last position. */
    TRANSIENT,
    /** Credentials or permissions: an operator must act. */
    AUTHENTICATION,
    /** Anything else: configuration or server state an operator must fix. */
    FATAL
}
