/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.s3sink.restore;

import io.tidemark.connect.errors.TidemarkException;

/** The restore cannot go on; the message says what happened and what to do. */
public class RestoreException extends TidemarkException {

    private static final long serialVersionUID = 1L;

    public RestoreException(String message, boolean retriable, Throwable cause) {
        super(message, retriable, cause);
    }

    public RestoreException(String message) {
        super(message, false);
    }
}
