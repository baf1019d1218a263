/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.s3sink.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.s3sink.TopicPartitionId;
import io.tidemark.s3sink.manifest.ObjectLayout;
import io.tidemark.s3sink.manifest.PartitionManifest;
import io.tidemark.s3sink.remote.RemoteReadLimiter;
import io.tidemark.s3sink.remote.RemoteStore;
import io.tidemark.s3sink.scan.ColdScan;
import io.tidemark.stack.LocalStack;
import io.tidemark.stack.connect.ConnectWorker;
import io.tidemark.stack.junit.LocalStackExtension;
import io.tidemark.stack.rest.ConnectorStatus;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A zombie on real worker JVMs: the worker running the task is frozen with SIGSTOP while records
 * flow; the group evicts it and the task starts on the other worker, which takes every manifest
 * over (epoch bump). The zombie is then resumed with SIGCONT: its open and in-flight chunks reach
 * the manifest write with the old ETag, which S3 refuses (If-Match), and it stops writing. The
 * manifests afterwards hold every record exactly once and no unlisted object is left.
 */
@ExtendWith(LocalStackExtension.class)
class ZombieFencingIT {

    private static final String CONNECTOR = "zombie-sink";

    @Test
    void aFrozenWorkerResumedAfterItsPartitionsMovedIsFencedByTheConditionalManifestWrite(LocalStack stack)
            throws Exception {
        SinkStack s = new SinkStack(stack, 2, o -> o);
        String topic = "zombie-orders";
        int partitions = 3;
        s.createTopic(topic, partitions);
        Map<String, String> config = s.exampleConfig(
                s.s3.endpoint(),
                Map.of(
                        "topics.regex", topic,
                        "tasks.max", "1",
                        "s3.prefix", "zombie",
                        "chunk.max.records", "400",
                        "chunk.rotate.schedule.interval.ms", "1500",
                        "format.compression", "gzip"));
        s.rest().configureConnector(CONNECTOR, config);
        s.awaitRunning(CONNECTOR, 1, Duration.ofSeconds(60));
        ObjectLayout layout = SinkStack.layout(config);

        CompletableFuture<Map<Integer, Long>> producing =
                CompletableFuture.supplyAsync(() -> s.produce(topic, partitions, 24_000, 1_000));
        SinkStack.sleep(5_000);

        ConnectWorker zombie = workerRunningTheTask(s);
        ConnectWorker other = s.cluster.workers().stream()
                .filter(w -> w != zombie)
                .findFirst()
                .orElseThrow();
        long zombieLogBefore = Files.size(zombie.logFile());
        signal(zombie.pid(), "STOP");
        try {
            // the group evicts the frozen worker; the task restarts on the other one and bumps every epoch
            awaitOwners(s, layout, topic, partitions, "/" + other.pid(), Duration.ofSeconds(150));
            SinkStack.sleep(3_000);
        } finally {
            signal(zombie.pid(), "CONT");
        }

        Map<Integer, Long> ends = producing.get();
        s.awaitManifestsCover(layout, topic, ends, Duration.ofSeconds(180), CONNECTOR);
        // the zombie resumes where it froze: its next manifest write (on sealing or on losing the
        // partitions) carries the old ETag and is refused; wait for it in its own log
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        String zombieLog = newLogLines(zombie, zombieLogBefore);
        while (!zombieLog.contains("was taken over by") && System.nanoTime() < deadline) {
            SinkStack.sleep(500);
            zombieLog = newLogLines(zombie, zombieLogBefore);
        }
        assertThat(zombieLog)
                .as("the zombie's manifest write was refused (412 on If-Match) and it stopped")
                .contains("was taken over by");
        System.out.println("[zombie] fenced partitions: "
                + zombieLog.lines().filter(l -> l.contains("was taken over by")).count()
                + ", own uploads deleted after being fenced: "
                + zombieLog
                        .lines()
                        .filter(l -> l.contains("after being fenced"))
                        .count());
        assertThat(s.verifyExactlyOnce(layout, topic, ends)).isEqualTo(24_000);
    }

    private static String newLogLines(ConnectWorker w, long fromByte) throws java.io.IOException {
        byte[] all = Files.readAllBytes(w.logFile());
        return new String(all, (int) fromByte, all.length - (int) fromByte, java.nio.charset.StandardCharsets.UTF_8);
    }

    private static ConnectWorker workerRunningTheTask(SinkStack s) {
        ConnectorStatus st = s.rest().connectorStatus(CONNECTOR);
        String workerId = st.tasks().get(0).workerId();
        String port = workerId.substring(workerId.lastIndexOf(':') + 1);
        return s.cluster.workers().stream()
                .filter(w -> String.valueOf(w.restUrl().getPort()).equals(port))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no worker for " + workerId));
    }

    /** Waits until every partition's S3 manifest names an owner ending in {@code ownerSuffix}. */
    private static void awaitOwners(
            SinkStack s, ObjectLayout layout, String topic, int partitions, String ownerSuffix, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (RemoteStore remote = s.remote()) {
            ColdScan scan = new ColdScan(remote, layout, RemoteReadLimiter.unlimited());
            while (true) {
                boolean all = true;
                StringBuilder seen = new StringBuilder();
                for (int p = 0; p < partitions; p++) {
                    Optional<PartitionManifest> m = scan.manifest(new TopicPartitionId(topic, p));
                    String owner = m.map(PartitionManifest::owner).orElse("none");
                    seen.append(p).append('=').append(owner).append(' ');
                    all &= owner.endsWith(ownerSuffix);
                }
                if (all) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("manifests not taken over by *" + ownerSuffix + ": " + seen);
                }
                SinkStack.sleep(500);
            }
        }
    }

    private static void signal(long pid, String signal) throws Exception {
        Process p = new ProcessBuilder(List.of("kill", "-" + signal, String.valueOf(pid)))
                .inheritIO()
                .start();
        assertThat(p.waitFor()).as("kill -" + signal + " " + pid).isZero();
    }
}
