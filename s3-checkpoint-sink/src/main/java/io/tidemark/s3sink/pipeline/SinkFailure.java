/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.s3sink.pipeline;

import io.tidemark.connect.errors.TidemarkException;

/**
 * The engine cannot go on with a partition. The message says what happened and what to do.
 * {@link #isRetriable()}: the same call may succeed later (Connect should retry), otherwise an
 * operator must act.
 */
public class SinkFailure extends TidemarkException {

    private static final long serialVersionUID = 1L;

    public SinkFailure(String message, boolean retriable, Throwable cause) {
        super(message, retriable, cause);
    }
}
