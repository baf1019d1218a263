/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.s3sink.remote;

import io.tidemark.connect.retry.Backoff;
import java.time.Duration;

/**
 * How often and how long apart transient S3 errors (5xx, 429/SlowDown, timeouts, connection
 * resets) are retried: up to {@code maxAttempts} attempts, waiting as the shared {@link Backoff}
 * says between them.
 */
public record RetryPolicy(int maxAttempts, Duration baseBackoff, Duration maxBackoff) {

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be >= 1");
        }
        if (baseBackoff.isNegative() || maxBackoff.compareTo(baseBackoff) < 0) {
            throw new IllegalArgumentException("need 0 <= baseBackoff <= maxBackoff");
        }
    }

    /** The wait before retry number {@code attempt} (1 = the first retry). */
    public Duration backoff(int attempt) {
        return Backoff.of(baseBackoff, maxBackoff).delay(attempt);
    }
}
