/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.s3sink.format;

/** A record the configured format cannot write (for example a Struct value with the raw format). */
public class UnencodableRecordException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public UnencodableRecordException(String message, Throwable cause) {
        super(message, cause);
    }
}
