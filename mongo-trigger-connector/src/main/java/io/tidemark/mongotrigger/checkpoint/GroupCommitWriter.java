package io.tidemark.mongotrigger.checkpoint;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit of the acknowledged position into the local checkpoint: at most one store commit
 * per interval, or earlier once {@code maxUpdates} acknowledgements are pending. The local key only
 * ever advances to a position Kafka acknowledged. A failed commit is kept as {@link #failure()}
 * for the task to surface; the next flush tries again.
 */
public final class GroupCommitWriter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GroupCommitWriter.class);

    private final LocalCheckpoint local;
    private final AcknowledgedPositions acks;
    private final Clock clock;
    private final int maxUpdates;
    private final ScheduledExecutorService executor;
    private final AtomicReference<RuntimeException> failure = new AtomicReference<>();
    private Position written;
    /** Read by producer threads on every acknowledgement: never behind the lock a store commit holds. */
    private volatile long writtenAtUpdates;
    private volatile boolean flushQueued;

    public GroupCommitWriter(LocalCheckpoint local, AcknowledgedPositions acks, Duration interval, int maxUpdates,
                             Clock clock, String threadName) {
        this.local = local;
        this.acks = acks;
        this.clock = clock;
        this.maxUpdates = maxUpdates;
        this.written = acks.committable().orElse(null);
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
        long ms = interval.toMillis();
        executor.scheduleWithFixedDelay(this::flushQuietly, ms, ms, TimeUnit.MILLISECONDS);
    }

    /** Called after each acknowledgement: commits early once enough updates are pending. */
    public void acknowledged() {
        if (!flushQueued && acks.updates() - writtenAtUpdates >= maxUpdates && !executor.isShutdown()) {
            flushQueued = true;
            try {
                executor.execute(this::flushQuietly);
            } catch (java.util.concurrent.RejectedExecutionException closing) {
                flushQueued = false; // close() commits the last position itself
            }
        }
    }

    /** Commits the newest acknowledged position if it changed. */
    public synchronized void flush() {
        flushQueued = false;
        long updates = acks.updates();
        Optional<Position> p = acks.committable();
        if (p.isEmpty() || p.get().equals(written)) {
            writtenAtUpdates = updates;
            return;
        }
        local.write(p.get(), clock.instant().getEpochSecond());
        written = p.get();
        writtenAtUpdates = updates;
        failure.set(null);
    }

    private void flushQuietly() {
        try {
            flush();
        } catch (RuntimeException e) {
            LOG.error("Could not commit checkpoint {} to the local store; will retry", local.key(), e);
            failure.set(e);
        }
    }

    /** The last commit failure, if the store has not accepted a commit since. */
    public Optional<RuntimeException> failure() {
        return Optional.ofNullable(failure.get());
    }

    public synchronized Optional<Position> written() {
        return Optional.ofNullable(written);
    }

    /** Stops the timer and commits what is acknowledged. */
    @Override
    public void close() {
        executor.shutdown();
        try {
            executor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        flush();
    }
}
