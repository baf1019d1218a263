/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.s3sink.remote;

/**
 * An S3 call failed. {@link #isTransient()} tells whether retrying later may succeed (5xx, 429,
 * timeouts, resets) or whether an operator must act (credentials, bucket, permissions).
 */
public class RemoteStoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final boolean transientFailure;
    private final int statusCode;
    private final String errorCode;

    public RemoteStoreException(
            String message, boolean transientFailure, int statusCode, String errorCode, Throwable cause) {
        super(message, cause);
        this.transientFailure = transientFailure;
        this.statusCode = statusCode;
        this.errorCode = errorCode;
    }

    public boolean isTransient() {
        return transientFailure;
    }

    /** HTTP status, or 0 when no response arrived. */
    public int statusCode() {
        return statusCode;
    }

    /** S3 error code (for example AccessDenied, NoSuchBucket), or null. */
    public String errorCode() {
        return errorCode;
    }
}
