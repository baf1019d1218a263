/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.mongotrigger.connect;

import io.tidemark.connect.metrics.TaskMetrics;
import io.tidemark.mongotrigger.stream.ChangeEvent;
import io.tidemark.mongotrigger.stream.OplogWindow;
import io.tidemark.mongotrigger.stream.StreamStats;
import io.tidemark.mongotrigger.trigger.EventRouter;
import io.tidemark.mongotrigger.trigger.TriggerEvaluator;
import io.tidemark.store.CommitStats;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.kafka.connect.source.SourceRecord;
import org.bson.BsonDocument;
import org.bson.BsonInt64;
import org.bson.BsonString;
import org.bson.BsonTimestamp;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * What the MongoDB source's metrics cost per event, by CPU accounting: the task's per-event work
 * (route the event through the triggers, build its record) with and without the only per-event metric
 * update ({@code MongoTriggerMetrics.routed}: counters the gauges read); everything else the metrics
 * publish is read from existing fields when scraped. Interleaved rounds in one JVM, thread CPU time.
 * Run: {@code mvn -B -pl mongo-trigger-connector -am test -Psoak -Dtest=MetricsOverheadBenchmark
 * -Dsurefire.failIfNoSpecifiedTests=false}
 */
@Tag("soak")
class MetricsOverheadBenchmark {

    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    @Test
    void perEventMetricUpdatesCostUnderTwoPercentOfTheEventsCpu() {
        MongoTriggerSourceConfig config = new MongoTriggerSourceConfig(TestHarness.props(
                "triggers",
                "[{\"name\": \"orders\", \"condition\": \"fullDocument.amount > 10\", \"topic\": \"big\"},"
                        + " {\"name\": \"all\", \"topic\": \"events\"}]"));
        EventRouter router = new EventRouter(
                config.namespaceSelectionFilter(),
                config.logicalDatabaseFilter(),
                new TriggerEvaluator(config.triggers().rules()),
                config.unmatchedPolicy(),
                config.unmatchedTopic());
        EventRecords records = new EventRecords(config.valueFormat());
        MongoTriggerMetrics metrics = new MongoTriggerMetrics(
                TaskMetrics.jmx("metrics-overhead", 0),
                List.of("orders", "all"),
                new StreamStats(),
                new OplogWindow(Optional::empty, OptionalLong::empty, Clock.systemUTC(), Duration.ofMinutes(1)),
                new CommitStats(),
                () -> 0,
                Clock.systemUTC());
        List<ChangeEvent> events = events(20_000);
        Map<String, Object> partition = OffsetShape.partition("bench");
        int rounds = Integer.getInteger("bench.rounds", 15);
        double[] without = new double[rounds];
        double[] with = new double[rounds];
        long sink = 0;
        for (int warm = 0; warm < 5; warm++) {
            sink += pass(events, router, records, partition, null) + pass(events, router, records, partition, metrics);
        }
        for (int r = 0; r < rounds; r++) {
            boolean metricsFirst = r % 2 == 0;
            for (int side = 0; side < 2; side++) {
                boolean on = metricsFirst == (side == 0);
                long t0 = CPU.getCurrentThreadCpuTime();
                sink += pass(events, router, records, partition, on ? metrics : null);
                double nsPerEvent = (CPU.getCurrentThreadCpuTime() - t0) / (double) events.size();
                (on ? with : without)[r] = nsPerEvent;
            }
        }
        double off = median(without);
        double on = median(with);
        // the updates alone, over the same routings: what the difference above is made of, without its noise
        List<EventRouter.Routing> routings = new ArrayList<>(events.size());
        events.forEach(e -> routings.add(router.route(e)));
        double[] alone = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            long t0 = CPU.getCurrentThreadCpuTime();
            for (int k = 0; k < 10; k++) {
                routings.forEach(metrics::routed);
            }
            alone[r] = (CPU.getCurrentThreadCpuTime() - t0) / (10.0 * routings.size());
        }
        double updates = median(alone);
        System.out.printf(
                "[metrics] per event: %.0f ns without the metric updates, %.0f ns with them (%+.2f%%);"
                        + " the updates alone %.1f ns = %.2f%% of the event (medians of %d interleaved rounds of %d"
                        + " events; checksum %d)%n",
                off, on, (on - off) / off * 100, updates, updates / off * 100, rounds, events.size(), sink);
        metrics.close();
    }

    private static long pass(
            List<ChangeEvent> events,
            EventRouter router,
            EventRecords records,
            Map<String, Object> partition,
            MongoTriggerMetrics metrics) {
        long n = 0;
        long seq = 0;
        for (ChangeEvent e : events) {
            EventRouter.Routing routing = router.route(e);
            if (metrics != null) {
                metrics.routed(routing);
            }
            for (EventRouter.Delivery d : routing.deliveries()) {
                SourceRecord r = records.changeRecord(
                        partition,
                        OffsetShape.offset(e.resumeToken(), seq++, 1_700_000_000L),
                        d.topic(),
                        e,
                        d.trigger(),
                        routing.logicalDatabase());
                n += r.topic().length();
            }
        }
        return n;
    }

    private static List<ChangeEvent> events(int n) {
        List<ChangeEvent> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            BsonDocument doc = new BsonDocument("_id", new BsonInt64(i))
                    .append("amount", new BsonInt64(i % 40))
                    .append("customer", new BsonString("customer-" + (i % 977)))
                    .append("note", new BsonString("order line " + i + " of the benchmark"));
            out.add(new ChangeEvent(
                    new BsonDocument("_data", new BsonString(String.format("82%030d", i))),
                    "insert",
                    "shop",
                    "orders",
                    new BsonDocument("_id", new BsonInt64(i)),
                    doc,
                    null,
                    null,
                    new BsonTimestamp(1_700_000_000, i)));
        }
        return out;
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
