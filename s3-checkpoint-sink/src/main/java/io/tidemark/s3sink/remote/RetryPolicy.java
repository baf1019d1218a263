package io.tidemark.s3sink.remote;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with full jitter for transient S3 errors (5xx, 429/SlowDown, timeouts,
 * connection resets): attempt n waits a random time in [0, min(max, base * 2^(n-1))].
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
        long base = Math.max(1, baseBackoff.toMillis());
        int shift = Math.min(30, Math.max(0, attempt - 1));
        long cap = Math.min(maxBackoff.toMillis(), base << shift);
        return Duration.ofMillis(ThreadLocalRandom.current().nextLong(cap + 1));
    }
}
