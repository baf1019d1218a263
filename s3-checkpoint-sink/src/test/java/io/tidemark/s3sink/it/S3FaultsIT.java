/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.s3sink.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.s3sink.manifest.ObjectLayout;
import io.tidemark.stack.LocalStack;
import io.tidemark.stack.fault.FaultProxy;
import io.tidemark.stack.jmx.JvmMetrics;
import io.tidemark.stack.junit.LocalStackExtension;
import io.tidemark.stack.rest.ConnectorStatus;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * S3 answering 500/503, resetting connections and slow, through the fault proxy between the
 * worker and s3proxy: the task retries, stays RUNNING, and loses or duplicates nothing.
 */
@ExtendWith(LocalStackExtension.class)
class S3FaultsIT {

    @Test
    void staysRunningAndLosesNothingWhileS3Fails(LocalStack stack) throws Exception {
        SinkStack s = new SinkStack(stack, 1, o -> o);
        FaultProxy proxy = stack.faultProxy("s3", s.s3.port(), FaultProxy.Mode.HTTP);
        String topic = "faulty-mongo";
        int partitions = 3;
        s.createTopic(topic, partitions);
        Map<String, String> config = s.exampleConfig(
                proxy.httpUrl(),
                Map.of(
                        "topics.regex", topic,
                        "tasks.max", "1",
                        "s3.prefix", "faults",
                        "chunk.max.records", "300",
                        "chunk.rotate.schedule.interval.ms", "1000",
                        "s3.retry.max.attempts", "6",
                        "s3.retry.backoff.ms", "50",
                        "s3.retry.backoff.max.ms", "1000",
                        "s3.api.call.timeout.ms", "5000"));
        s.rest().configureConnector("faulty-sink", config);
        s.awaitRunning("faulty-sink", 1, Duration.ofSeconds(60));

        FailureWatch watch = FailureWatch.of(s, "faulty-sink");

        Map<Integer, Long> ends = new HashMap<>();
        proxy.failHttpFraction(0.3, 503);
        s.produce(topic, partitions, 3000, 1500).forEach((p, n) -> ends.merge(p, n, Long::sum));
        SinkStack.sleep(2000);
        proxy.heal().failHttpFraction(0.2, 500);
        s.produce(topic, partitions, 3000, 1500).forEach((p, n) -> ends.merge(p, n, Long::sum));
        SinkStack.sleep(2000);
        proxy.heal().latency(Duration.ofMillis(150));
        s.produce(topic, partitions, 3000, 1500).forEach((p, n) -> ends.merge(p, n, Long::sum));
        SinkStack.sleep(1000);
        proxy.heal().resetConnections(true);
        SinkStack.sleep(3000);
        proxy.heal();
        s.produce(topic, partitions, 1000, 0).forEach((p, n) -> ends.merge(p, n, Long::sum));

        ObjectLayout layout = SinkStack.layout(config);
        s.awaitManifestsCover(layout, topic, ends, Duration.ofSeconds(120), "faulty-sink");
        String failed = watch.stop();
        assertThat(failed).as("task never FAILED").isNull();
        assertThat(proxy.stats().faultsInjected()).as("faults injected").isGreaterThan(5);
        assertThat(s.verifyExactlyOnce(layout, topic, ends)).isEqualTo(10_000);
    }

    /**
     * s3proxy itself stopped for 30 s while records flow, then started again on the same state:
     * chunks given up during the outage (some uploaded, never listed) are consumed again and
     * written with other boundaries (wall-clock rotation); afterwards a listing of the bucket under
     * the prefix holds exactly the objects the manifests list, and nothing is lost or duplicated.
     */
    @Test
    void aThirtySecondS3OutageLeavesOnlyListedObjectsInTheBucket(LocalStack stack) throws Exception {
        SinkStack s = new SinkStack(stack, 1, o -> o);
        String topic = "outage-mongo";
        int partitions = 3;
        s.createTopic(topic, partitions);
        Map<String, String> config = s.exampleConfig(
                s.s3.endpoint(),
                Map.of(
                        "topics.regex", topic,
                        "tasks.max", "1",
                        "s3.prefix", "outage",
                        "chunk.max.records", "300",
                        "chunk.rotate.schedule.interval.ms", "1000",
                        "s3.retry.max.attempts", "6",
                        "s3.retry.backoff.ms", "50",
                        "s3.retry.backoff.max.ms", "1000",
                        "s3.api.call.timeout.ms", "5000"));
        s.rest().configureConnector("outage-sink", config);
        s.awaitRunning("outage-sink", 1, Duration.ofSeconds(60));

        FailureWatch watch = FailureWatch.of(s, "outage-sink");

        Map<Integer, Long> ends = new HashMap<>();
        s.produce(topic, partitions, 3000, 1500).forEach((p, n) -> ends.merge(p, n, Long::sum));
        // records keep flowing through the outage: 40 s at 150 records/s
        CompletableFuture<Map<Integer, Long>> during =
                CompletableFuture.supplyAsync(() -> s.produce(topic, partitions, 6000, 150));
        SinkStack.sleep(3000);
        String task = "kafka.connect:type=plugins,connector=outage-sink,task=0";
        double listedBefore;
        try (JvmMetrics jmx = JvmMetrics.attach(s.cluster.worker(0).pid())) {
            listedBefore = (Double) jmx.attribute(task, "chunks-listed-total").orElseThrow();
            assertThat(listedBefore).as("%s", jmx.attributes(task)).isPositive();
            s.s3.stop();
            long stoppedAt = System.currentTimeMillis();
            // an operator sees the outage in the metrics while the task stays RUNNING
            while ((Double) jmx.attribute(task, "rewinds-total").orElseThrow() == 0
                    && System.currentTimeMillis() - stoppedAt < 28_000) {
                SinkStack.sleep(200);
            }
            assertThat((Double) jmx.attribute(task, "rewinds-total").orElseThrow())
                    .as("rewinds during the outage: %s", jmx.attributes(task))
                    .isPositive();
            SinkStack.sleep(Math.max(0, 30_000 - (System.currentTimeMillis() - stoppedAt)));
            s.s3.restart();
        }
        during.get().forEach((p, n) -> ends.merge(p, n, Long::sum));
        s.produce(topic, partitions, 1000, 0).forEach((p, n) -> ends.merge(p, n, Long::sum));

        ObjectLayout layout = SinkStack.layout(config);
        s.awaitManifestsCover(layout, topic, ends, Duration.ofSeconds(180), "outage-sink");
        String failed = watch.stop();
        SinkStack.Audit audit = s.audit(layout, topic, ends);
        SinkStack.Listing listing = s.listing(layout, topic, partitions);
        System.out.println("[outage] " + audit.summary() + "; objects under the prefix " + listing.objects()
                + ", listed by the manifests " + listing.listed() + ", unlisted " + listing.unlisted()
                + "; recovery paths " + s.recoveryEvents());
        assertThat(failed).as("task never FAILED").isNull();
        assertThat(s.recoveryEvents().get("rewinds"))
                .as("the outage made chunks fail")
                .isPositive();
        assertThat(listing.unlisted())
                .as("every object under the prefix but the manifests and the probe is listed by a manifest")
                .isEmpty();
        assertThat(listing.objects()).isEqualTo(listing.listed());
        assertThat(s.verifyExactlyOnce(layout, topic, ends)).isEqualTo(10_000);
        try (JvmMetrics jmx = JvmMetrics.attach(s.cluster.worker(0).pid())) {
            assertThat((Double) jmx.attribute(task, "chunks-listed-total").orElseThrow())
                    .isGreaterThan(listedBefore);
            assertThat(jmx.attribute(task, "rewinds-in-a-row-max")).contains(0.0);
            assertThat(jmx.attribute(task, "fenced-total")).contains(0.0);
        }
    }

    /** Watches the connector's status in the background and remembers the first FAILED it sees. */
    private record FailureWatch(AtomicBoolean watching, AtomicReference<String> failed, CompletableFuture<Void> loop) {

        static FailureWatch of(SinkStack s, String connector) {
            AtomicBoolean watching = new AtomicBoolean(true);
            AtomicReference<String> failed = new AtomicReference<>();
            CompletableFuture<Void> loop = CompletableFuture.runAsync(() -> {
                while (watching.get()) {
                    try {
                        ConnectorStatus st = s.rest().connectorStatus(connector);
                        if (st.anyFailed()) {
                            failed.compareAndSet(null, st.raw().toString());
                        }
                    } catch (RuntimeException e) {
                        // REST busy
                    }
                    SinkStack.sleep(250);
                }
            });
            return new FailureWatch(watching, failed, loop);
        }

        /** Stops watching; the first FAILED status seen, or null. */
        String stop() throws Exception {
            watching.set(false);
            loop.get();
            return failed.get();
        }
    }
}
