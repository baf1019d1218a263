/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.mongotrigger.stream;

import io.tidemark.connect.errors.TidemarkException;

/** A change-stream failure, already classified; retriable exactly when it is transient. */
public class StreamException extends TidemarkException {

    private static final long serialVersionUID = 1L;

    private final ErrorKind kind;

    public StreamException(ErrorKind kind, String message, Throwable cause) {
        super(message, kind == ErrorKind.TRANSIENT, cause);
        this.kind = kind;
    }

    public ErrorKind kind() {
        return kind;
    }

    /** Worth retrying: the stream reopens by itself from the last position after a backoff. */
    public boolean isTransient() {
        return isRetriable();
    }
}
