/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.mongotrigger.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoCollection;
import io.tidemark.stack.LocalStack;
import io.tidemark.stack.connect.WorkerOptions;
import io.tidemark.stack.junit.LocalStackExtension;
import io.tidemark.stack.rest.ConnectRestClient;
import io.tidemark.stack.verify.MongoWriter;
import io.tidemark.stack.verify.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Events per second, ours next to mongo-kafka-connect 2.0.1, in one run on the same mongo-java-server,
 * broker and worker. Both connectors watch the same collection; both are paused while the documents
 * are written and resumed together, and each is timed from the resume until its topic holds every
 * event. Ours runs with two triggers (one with a condition) and the LMDB checkpoint (sync durability).
 * <pre>mvn -B -f mongo-trigger-connector verify -Psoak -Dtest=skip -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dit.test=MongoTriggerBenchmarkIT [-Dbench.events=20000]</pre>
 */
@ExtendWith(LocalStackExtension.class)
@Tag("soak")
@Tag("bench")
class MongoTriggerBenchmarkIT {

    record Round(int events, double oursPerSecond, double baselinePerSecond) {
        double ratio() {
            return oursPerSecond / baselinePerSecond;
        }
    }

    @Test
    void oursVersusMongoKafka(LocalStack stack) throws Exception {
        Path baselinePlugins = MongoTriggerCrashIT.baselinePluginPath();
        if (!Files.isDirectory(baselinePlugins)) {
            throw new IllegalStateException(baselinePlugins + " is missing: run with -Psoak, which builds it");
        }
        TriggerStack s = new TriggerStack(
                stack,
                WorkerOptions.defaults()
                        .pluginDiscovery("hybrid_warn")
                        .heap("-Xmx1g")
                        .productionJvm()
                        .pluginPath(List.of(TriggerStack.pluginPath(), baselinePlugins)));
        MongoCollection<Document> coll = s.client.getDatabase("syntrix").getCollection("bench");
        MongoWriter writer = new MongoWriter(coll);
        writer.insert(1);
        ConnectRestClient rest = s.worker.rest();
        rest.configureConnector(
                "ours",
                s.config(
                        "syntrix",
                        "bench",
                        "start.from.now",
                        "true",
                        "triggers",
                        "[{\"name\": \"inserts\", \"operations\": [\"insert\"], \"topic\": \"bench.ours\"},"
                                + " {\"name\": \"big\", \"operations\": [\"insert\"], \"condition\": {\"seq\": {\"$lt\": 0}},"
                                + " \"topic\": \"bench.none\"}]"));
        Map<String, String> baseline = MongoTriggerCrashIT.baseline(s, "bench");
        baseline.put("poll.max.batch.size", "2000");
        rest.configureConnector("mongo-kafka", baseline);
        s.awaitRunning("ours");
        s.awaitRunning("mongo-kafka");
        Thread.sleep(3_000); // both cursors open at the end of the oplog

        long expectedOurs = 0;
        long expectedBaseline = 0;
        int warmup = Integer.getInteger("bench.warmup", 2_000);
        int events = Integer.getInteger("bench.events", 20_000);
        try (Topics topics = new Topics(s.bootstrap())) {
            for (int n : List.of(warmup, events)) {
                rest.pauseConnector("ours");
                rest.pauseConnector("mongo-kafka");
                rest.awaitConnectorState("ours", "PAUSED", java.time.Duration.ofSeconds(30));
                rest.awaitConnectorState("mongo-kafka", "PAUSED", java.time.Duration.ofSeconds(30));
                Thread.sleep(1_000);
                for (int left = n; left > 0; left -= 1000) {
                    writer.insert(Math.min(1000, left));
                }
                expectedOurs += n;
                expectedBaseline += n;
                long start = System.nanoTime();
                rest.resumeConnector("ours");
                rest.resumeConnector("mongo-kafka");
                long oursDone = 0;
                long baselineDone = 0;
                long deadline = start + java.time.Duration.ofMinutes(10).toNanos();
                while ((oursDone == 0 || baselineDone == 0) && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                    if (oursDone == 0 && count(topics, "bench.ours") >= expectedOurs) {
                        oursDone = System.nanoTime();
                    }
                    if (baselineDone == 0 && count(topics, "mk.syntrix.bench") >= expectedBaseline) {
                        baselineDone = System.nanoTime();
                    }
                }
                assertThat(oursDone).as("ours delivered %d events", n).isPositive();
                assertThat(baselineDone)
                        .as("mongo-kafka delivered %d events", n)
                        .isPositive();
                Round r = new Round(n, n / ((oursDone - start) / 1e9), n / ((baselineDone - start) / 1e9));
                System.out.printf(
                        "[bench] %s events=%d ours=%.0f ev/s mongo-kafka=%.0f ev/s ratio=%.2f%n",
                        n == warmup ? "warmup" : "RESULT", n, r.oursPerSecond(), r.baselinePerSecond(), r.ratio());
            }
        }
    }

    static long count(Topics topics, String topic) {
        try {
            return topics.count(topic);
        } catch (RuntimeException notYet) {
            return 0;
        }
    }
}
