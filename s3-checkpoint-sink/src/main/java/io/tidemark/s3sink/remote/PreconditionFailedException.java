/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.s3sink.remote;

/**
 * A conditional write lost: If-None-Match found an object, or If-Match found another ETag
 * (HTTP 412, or 409 ConditionalRequestConflict when two writers race).
 */
public class PreconditionFailedException extends RemoteStoreException {

    private static final long serialVersionUID = 1L;

    public PreconditionFailedException(String message, int statusCode, String errorCode, Throwable cause) {
        super(message, false, statusCode, errorCode, cause);
    }
}
