/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.mongotrigger.stream;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;
import org.bson.BsonTimestamp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How much history the server's oplog holds and how close the checkpoint is to falling out of it. The oldest
 * oplog entry is sampled at most once per interval (a one-document query); the checkpoint's cluster time comes
 * from its resume token. When the checkpoint is in the oldest tenth of the window, a WARN says how long it has
 * left (once per sample): a stopped or stalled task past that point loses its position
 * ({@code stream.history.lost.action}).
 */
public final class OplogWindow {

    private static final Logger LOG = LoggerFactory.getLogger(OplogWindow.class);

    /** Fraction of the window below which the headroom is warned about. */
    static final double WARN_FRACTION = 0.1;

    private final Supplier<Optional<BsonTimestamp>> oldest;
    private final Supplier<OptionalLong> checkpointSeconds;
    private final Clock clock;
    private final long intervalMillis;

    private volatile long oldestSeconds = -1;
    private long nextSampleAt;
    private boolean reportedUnavailable;

    /**
     * @param oldest the server's oldest oplog entry ({@link ChangeStreamSource#oldestOplogEntry}); may throw
     * @param checkpointSeconds the cluster time (seconds) of the committed checkpoint, where readable
     */
    public OplogWindow(
            Supplier<Optional<BsonTimestamp>> oldest,
            Supplier<OptionalLong> checkpointSeconds,
            Clock clock,
            Duration interval) {
        this.oldest = oldest;
        this.checkpointSeconds = checkpointSeconds;
        this.clock = clock;
        this.intervalMillis = interval.toMillis();
    }

    /** Samples the oldest entry if the interval has passed since the last sample; never throws. */
    public void maybeSample() {
        long now = clock.millis();
        if (now < nextSampleAt) {
            return;
        }
        nextSampleAt = now + intervalMillis;
        try {
            Optional<BsonTimestamp> ts = oldest.get();
            if (ts.isEmpty()) {
                unavailable("the server keeps no readable local.oplog.rs (a standalone server or a test server)");
                return;
            }
            oldestSeconds = Integer.toUnsignedLong(ts.get().getTime());
        } catch (RuntimeException e) {
            unavailable(
                    "reading local.oplog.rs failed: " + e.getMessage() + " (the clusterMonitor role grants the read)");
            return;
        }
        long window = windowMillis();
        long headroom = headroomMillis();
        if (headroom >= 0 && window > 0 && headroom < window * WARN_FRACTION) {
            LOG.warn(
                    "The checkpoint is {} from leaving the oplog (the oplog holds {} of history): if this task"
                            + " stops or falls further behind for that long, its position is lost"
                            + " (stream.history.lost.action). Enlarge the oplog or keep the task reading.",
                    Duration.ofMillis(headroom),
                    Duration.ofMillis(window));
        }
    }

    private void unavailable(String why) {
        oldestSeconds = -1;
        if (!reportedUnavailable) {
            reportedUnavailable = true;
            LOG.info(
                    "The oplog window is not known, so oplog-window-ms and checkpoint-oplog-headroom-ms read -1: {}",
                    why);
        }
    }

    /** Milliseconds of history the oplog holds (now minus its oldest entry); -1 when unknown. */
    public long windowMillis() {
        long o = oldestSeconds;
        return o < 0 ? -1 : Math.max(0, clock.millis() - o * 1000);
    }

    /**
     * Milliseconds between the oldest oplog entry and the checkpoint: how long the checkpoint can stay where it
     * is before its events leave the oplog (at the oplog's current rate); -1 when either is unknown.
     */
    public long headroomMillis() {
        long o = oldestSeconds;
        OptionalLong cp = checkpointSeconds.get();
        if (o < 0 || cp.isEmpty()) {
            return -1;
        }
        return Math.max(0, (cp.getAsLong() - o) * 1000);
    }
}
