/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.mongotrigger.filter;

/** An event's logical database cannot be told and the configuration says to stop. */
public final class UnresolvedLogicalDatabaseException extends RuntimeException {
    public UnresolvedLogicalDatabaseException(String message) {
        super(message);
    }
}
