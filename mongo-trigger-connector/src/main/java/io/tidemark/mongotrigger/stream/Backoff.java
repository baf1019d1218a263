package io.tidemark.mongotrigger.stream;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/** Exponential backoff with full jitter between a floor and a cap. Not thread-safe. */
public final class Backoff {

    private final Duration initial;
    private final Duration max;
    private final DoubleSupplier random;
    private int attempts;

    public Backoff(Duration initial, Duration max, DoubleSupplier random) {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < initial <= max, was " + initial + ", " + max);
        }
        this.initial = initial;
        this.max = max;
        this.random = random;
    }

    public static Backoff of(Duration initial, Duration max) {
        return new Backoff(initial, max, Math::random);
    }

    /** The delay before the next attempt: between half and all of min(max, initial * 2^attempts). */
    public Duration next() {
        long ceiling = initial.toMillis() << Math.min(attempts, 20);
        ceiling = Math.min(Math.max(ceiling, initial.toMillis()), max.toMillis());
        attempts++;
        long half = ceiling / 2;
        return Duration.ofMillis(half + (long) (random.getAsDouble() * (ceiling - half)));
    }

    public int attempts() {
        return attempts;
    }

    public void reset() {
        attempts = 0;
    }
}
