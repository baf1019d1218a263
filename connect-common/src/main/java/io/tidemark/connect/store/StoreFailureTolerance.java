/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.connect.store;

import io.tidemark.connect.errors.TidemarkException;
import java.time.Duration;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How every task treats a local checkpoint store that refuses commits (disk full, I/O errors):
 * positions still reach Connect's offsets and the group committer keeps retrying, so a short
 * failure costs nothing; the first failure is logged at WARN with its stack trace, then a WARN
 * every {@link #REMINDER_INTERVAL}; once the store has failed for longer than the configured
 * timeout ({@code checkpoint.store.failure.timeout.ms}) the task fails, so it never runs on
 * without its durability boundary. Not thread-safe: one task's poll thread calls it.
 */
public final class StoreFailureTolerance {

    private static final Logger LOG = LoggerFactory.getLogger(StoreFailureTolerance.class);

    /** How often a continuing failure is logged again. */
    public static final Duration REMINDER_INTERVAL = Duration.ofSeconds(10);

    private final Duration timeout;
    private final LongSupplier millis;
    private final String store;
    private long failingSince = -1;
    private long nextReminder;

    /**
     * @param store names the store in messages, e.g. "the checkpoint store of connector 'x' at /var/lib/..."
     */
    public StoreFailureTolerance(Duration timeout, LongSupplier millis, String store) {
        this.timeout = timeout;
        this.millis = millis;
        this.store = store;
    }

    /**
     * Called at every poll with the store's last commit failure (empty when the last commit worked).
     *
     * @throws TidemarkException (not retriable) once the store has been failing longer than the timeout
     */
    public void check(Optional<? extends RuntimeException> lastFailure) {
        long now = millis.getAsLong();
        if (lastFailure.isEmpty()) {
            if (failingSince >= 0) {
                LOG.info("{} accepts commits again after {} ms", capitalized(), now - failingSince);
                failingSince = -1;
            }
            return;
        }
        RuntimeException failure = lastFailure.get();
        if (failingSince < 0) {
            failingSince = now;
            nextReminder = now + REMINDER_INTERVAL.toMillis();
            LOG.warn(
                    "{} refused a commit; positions still reach Connect's offsets and the commit is retried. The"
                            + " task fails if this lasts longer than {} ms (checkpoint.store.failure.timeout.ms)",
                    capitalized(),
                    timeout.toMillis(),
                    failure);
        } else if (now >= nextReminder) {
            nextReminder = now + REMINDER_INTERVAL.toMillis();
            LOG.warn("{} has refused commits for {} ms: {}", capitalized(), now - failingSince, failure.getMessage());
        }
        if (now - failingSince >= timeout.toMillis()) {
            throw new TidemarkException(
                    capitalized() + " has refused commits for " + (now - failingSince)
                            + " ms (checkpoint.store.failure.timeout.ms=" + timeout.toMillis() + "): "
                            + failure.getMessage()
                            + ". Fix the disk under checkpoint.store.dir (space, permissions, I/O errors), then restart the"
                            + " task.",
                    false,
                    failure);
        }
    }

    private String capitalized() {
        return Character.toUpperCase(store.charAt(0)) + store.substring(1);
    }
}
