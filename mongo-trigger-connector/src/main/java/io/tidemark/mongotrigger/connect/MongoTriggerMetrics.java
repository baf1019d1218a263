/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.mongotrigger.connect;

import io.tidemark.connect.metrics.StoreMetrics;
import io.tidemark.connect.metrics.TaskMetrics;
import io.tidemark.mongotrigger.stream.OplogWindow;
import io.tidemark.mongotrigger.stream.StreamStats;
import io.tidemark.mongotrigger.trigger.EventRouter;
import io.tidemark.store.CommitStats;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;

/** The task's metrics: names and descriptions, listed in the module README. */
final class MongoTriggerMetrics implements AutoCloseable {

    static final String EVENTS_READ = "events-read-total";
    static final String EVENTS_FILTERED = "events-filtered-total";
    static final String EVENTS_UNMATCHED = "events-unmatched-routed-total";
    static final String TRIGGER_EVENTS = "trigger-events-total";
    static final String HEARTBEATS = "heartbeats-total";
    static final String LAST_EVENT_LAG = "last-event-lag-ms";
    static final String LAST_EVENT_AGE = "last-event-age-ms";
    static final String RECONNECTS = "stream-reconnects-total";
    static final String HISTORY_LOST = "history-lost-total";
    static final String OPLOG_WINDOW = "oplog-window-ms";
    static final String OPLOG_HEADROOM = "checkpoint-oplog-headroom-ms";

    private final TaskMetrics metrics;
    private final AtomicLong filtered = new AtomicLong();
    private final AtomicLong unmatched = new AtomicLong();
    private final AtomicLong heartbeats = new AtomicLong();
    private final Map<String, AtomicLong> perTrigger = new ConcurrentHashMap<>();

    MongoTriggerMetrics(
            TaskMetrics metrics,
            List<String> triggers,
            StreamStats stream,
            OplogWindow oplog,
            CommitStats store,
            IntSupplier pendingUpdates,
            Clock clock) {
        this.metrics = metrics;
        metrics.gauge(EVENTS_READ, "Change events read from the stream.", stream::events)
                .gauge(
                        EVENTS_FILTERED,
                        "Events dropped by the logical database filter or matching no trigger"
                                + " (trigger.unmatched.policy=drop).",
                        filtered::get)
                .gauge(EVENTS_UNMATCHED, "Events matching no trigger, sent to the unmatched topic.", unmatched::get)
                .gauge(HEARTBEATS, "Heartbeat records written (positions without an event).", heartbeats::get)
                .gauge(
                        LAST_EVENT_LAG,
                        "How far behind the server the last event was when read: wall clock minus its cluster"
                                + " time (second resolution); -1 before the first event.",
                        stream::lastEventLagMillis)
                .gauge(LAST_EVENT_AGE, "Milliseconds since the last event was read; -1 before the first.", () -> {
                    long at = stream.lastEventAtMillis();
                    return at < 0 ? -1 : Math.max(0, clock.millis() - at);
                })
                .gauge(
                        RECONNECTS,
                        "Stream failures retried (network errors, elections, timeouts): the stream reopened"
                                + " after its last event.",
                        stream::transientFailures)
                .gauge(
                        HISTORY_LOST,
                        "Times the resume position had left the oplog (stream.history.lost.action decides what"
                                + " follows; each also an AUDIT line).",
                        stream::historyLost)
                .gauge(
                        OPLOG_WINDOW,
                        "History the server's oplog holds: now minus its oldest entry (sampled every minute);"
                                + " -1 where the server does not report it (needs read on local.oplog.rs).",
                        oplog::windowMillis)
                .gauge(
                        OPLOG_HEADROOM,
                        "How long the committed checkpoint can wait before its events leave the oplog: its"
                                + " cluster time minus the oldest oplog entry; -1 when either is unknown. Alert"
                                + " well above the longest outage you plan for.",
                        oplog::headroomMillis);
        for (String t : triggers) {
            AtomicLong n = perTrigger.computeIfAbsent(t, k -> new AtomicLong());
            metrics.gauge(TRIGGER_EVENTS, "Records emitted for this trigger.", Map.of("trigger", t), n::get);
        }
        StoreMetrics.register(metrics, store, pendingUpdates);
    }

    /** Counts where one event went. */
    void routed(EventRouter.Routing routing) {
        if (routing.deliveries().isEmpty()) {
            filtered.incrementAndGet();
            return;
        }
        for (EventRouter.Delivery d : routing.deliveries()) {
            if (d.trigger() == null) {
                unmatched.incrementAndGet();
            } else {
                AtomicLong n = perTrigger.get(d.trigger());
                if (n != null) {
                    n.incrementAndGet();
                }
            }
        }
    }

    void heartbeat() {
        heartbeats.incrementAndGet();
    }

    String where() {
        return metrics.where();
    }

    @Override
    public void close() {
        metrics.close();
    }
}
