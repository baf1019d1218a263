/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.connect.errors;

/**
 * The base of every failure a Tidemark domain class raises on purpose. It carries the one fact
 * the Connect adapters need to decide what happens next: whether the same call may succeed later
 * ({@link #isRetriable()}), or an operator must act first. The message says what happened and
 * what to do; it reaches the task status as it is.
 *
 * <p>Domain classes throw subclasses of it and know nothing of Connect; {@link ErrorTranslator}
 * turns it into Connect's {@code RetriableException} or {@code ConnectException}.
 */
public class TidemarkException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final boolean retriable;

    public TidemarkException(String message, boolean retriable, Throwable cause) {
        super(message, cause);
        this.retriable = retriable;
    }

    public TidemarkException(String message, boolean retriable) {
        this(message, retriable, null);
    }

    /** True when the same call may succeed later without anyone acting (network, throttling, a busy server). */
    public boolean isRetriable() {
        return retriable;
    }
}
