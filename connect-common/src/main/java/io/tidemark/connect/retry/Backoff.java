/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.connect.retry;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with jitter between a floor and a cap, the one backoff every connector uses
 * (S3 retries, change-stream reopen). Retry number n waits between half and all of
 * {@code min(max, initial * 2^(n-1))}: the jitter spreads retries of many tasks apart, the lower
 * half-bound keeps a retry from firing at once.
 *
 * <p>{@link #delay(int)} is stateless and thread-safe; {@link #next()} / {@link #reset()} count
 * attempts for a single caller and are not thread-safe.
 */
public final class Backoff {

    private final Duration initial;
    private final Duration max;
    private final DoubleSupplier random;
    private int attempts;

    public Backoff(Duration initial, Duration max, DoubleSupplier random) {
        if (initial.isNegative() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff needs 0 <= initial <= max, was " + initial + ", " + max);
        }
        this.initial = initial;
        this.max = max;
        this.random = random;
    }

    /** A backoff with a thread-safe random source. */
    public static Backoff of(Duration initial, Duration max) {
        return new Backoff(initial, max, () -> ThreadLocalRandom.current().nextDouble());
    }

    /** The wait before retry number {@code retry} (1 = the first retry). */
    public Duration delay(int retry) {
        long floor = initial.toMillis();
        long ceiling = floor << Math.min(Math.max(retry - 1, 0), 20);
        ceiling = Math.min(Math.max(ceiling, floor), max.toMillis());
        long half = ceiling / 2;
        return Duration.ofMillis(half + (long) (random.getAsDouble() * (ceiling - half)));
    }

    /** The wait before the next attempt of this caller; counts the attempt. */
    public Duration next() {
        return delay(++attempts);
    }

    public int attempts() {
        return attempts;
    }

    public void reset() {
        attempts = 0;
    }
}
