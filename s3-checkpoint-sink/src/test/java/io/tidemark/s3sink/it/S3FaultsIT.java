/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.s3sink.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.s3sink.manifest.ObjectLayout;
import io.tidemark.stack.LocalStack;
import io.tidemark.stack.fault.FaultProxy;
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

        AtomicBoolean watching = new AtomicBoolean(true);
        AtomicReference<String> failed = new AtomicReference<>();
        CompletableFuture<Void> watcher = CompletableFuture.runAsync(() -> {
            while (watching.get()) {
                try {
                    ConnectorStatus st = s.rest().connectorStatus("faulty-sink");
                    if (st.anyFailed()) {
                        failed.compareAndSet(null, st.raw().toString());
                    }
                } catch (RuntimeException e) {
                    // REST busy
                }
                SinkStack.sleep(250);
            }
        });

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
        watching.set(false);
        watcher.get();
        assertThat(failed.get()).as("task never FAILED").isNull();
        assertThat(proxy.stats().faultsInjected()).as("faults injected").isGreaterThan(5);
        assertThat(s.verifyExactlyOnce(layout, topic, ends)).isEqualTo(10_000);
    }
}
