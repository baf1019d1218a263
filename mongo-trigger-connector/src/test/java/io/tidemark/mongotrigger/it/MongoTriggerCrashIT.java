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
import io.tidemark.stack.verify.TopicVerifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Documents written while the worker is SIGKILLed at random moments. CI: 3 kills over ~5k writes,
 * with and without exactly-once. Soak (-Psoak): 20 kills over 50k writes, ours next to the official
 * mongo-kafka-connect 2.0.1 running in the same worker on the same collection, so both see the same
 * writes and the same kills. Connect's offset flush interval is left at its 60 s default: what
 * bounds our duplicates is the local checkpoint, not Connect's offsets.
 */
@ExtendWith(LocalStackExtension.class)
class MongoTriggerCrashIT {

    static final String OURS = "ours";
    static final String BASELINE = "mongo-kafka";

    static WorkerOptions options(boolean exactlyOnce) {
        WorkerOptions o = WorkerOptions.defaults().sessionTimeoutMs(6_000).heartbeatIntervalMs(1_000);
        return exactlyOnce ? o.exactlyOnceSourceSupport("enabled") : o;
    }

    static Map<String, String> ours(TriggerStack s, String coll) {
        return s.config(
                "syntrix",
                coll,
                "start.from.now",
                "true",
                "poll.max.batch.size",
                "500",
                "checkpoint.flush.interval.ms",
                "100",
                "triggers",
                "[{\"name\": \"all\", \"operations\": [\"insert\"], \"topic\": \"" + coll + ".ours\"}]");
    }

    static long seed() {
        return Long.getLong("crash.seed", System.nanoTime());
    }

    @Test
    void atLeastOnceLosesNothingAndDuplicatesOnlyTheInFlightBatch(LocalStack stack) throws Exception {
        long seed = seed();
        CrashSchedule.Outcome out = killThreeTimes(stack, false, "alo", "read_uncommitted", seed);
        assertThat(out.missing()).as("seed " + seed).isEmpty();
        // each kill re-sends at most what was in flight: acknowledged since the last 100 ms group commit, or not yet
        // acknowledged
        assertThat(out.duplicates()).as("seed " + seed).isLessThanOrEqualTo(3L * 500);
    }

    @Test
    void exactlyOnceDeliversEveryChangeExactlyOnce(LocalStack stack) throws Exception {
        long seed = seed();
        CrashSchedule.Outcome out = killThreeTimes(stack, true, "eos", "read_committed", seed);
        assertThat(out.missing()).as("seed " + seed).isEmpty();
        assertThat(out.duplicates()).as("seed " + seed).isZero();
    }

    /** 5 000 writes into {@code coll} while our connector's worker is killed 3 times in 36 s. */
    private static CrashSchedule.Outcome killThreeTimes(
            LocalStack stack, boolean exactlyOnce, String coll, String isolation, long seed) throws Exception {
        TriggerStack s = new TriggerStack(stack, options(exactlyOnce));
        MongoCollection<Document> collection = s.client.getDatabase("syntrix").getCollection(coll);
        collection.insertOne(new Document("_id", 0L).append("seq", 0L));
        s.worker.rest().configureConnector(OURS, ours(s, coll));
        s.awaitRunning(OURS);
        System.out.println("[crash] seed " + seed);
        return CrashSchedule.run(
                        s,
                        collection,
                        5_000,
                        3,
                        Duration.ofSeconds(36),
                        seed,
                        List.of(OURS),
                        List.of(new CrashSchedule.Watched(
                                OURS, coll + ".ours", TopicVerifier.jsonField("fullDocument.seq"), isolation)),
                        Duration.ofSeconds(120))
                .get(OURS);
    }

    @Tag("soak")
    @Test
    void soakTwentyKillsFiftyThousandWritesNextToMongoKafkaAtLeastOnce(LocalStack stack) throws Exception {
        soak(stack, false);
    }

    @Tag("soak")
    @Test
    void soakTwentyKillsFiftyThousandWritesNextToMongoKafkaExactlyOnce(LocalStack stack) throws Exception {
        soak(stack, true);
    }

    static Path baselinePluginPath() {
        return Path.of("").toAbsolutePath().resolve("target/mongo-kafka-plugin");
    }

    static Map<String, String> baseline(TriggerStack s, String coll) {
        Map<String, String> c = new java.util.LinkedHashMap<>();
        c.put("connector.class", "com.mongodb.kafka.connect.MongoSourceConnector");
        c.put("tasks.max", "1");
        c.put("connection.uri", s.mongo.uri());
        c.put("database", "syntrix");
        c.put("collection", coll);
        c.put("topic.prefix", "mk");
        c.put("publish.full.document.only", "true");
        c.put("output.format.value", "json");
        c.put("output.json.formatter", "com.mongodb.kafka.connect.source.json.formatter.SimplifiedJson");
        c.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        c.put("value.converter", "org.apache.kafka.connect.storage.StringConverter");
        c.put("poll.await.time.ms", "50");
        c.put("poll.max.batch.size", "500");
        // mongo-java-server leaves "ns" out of change events and mongo-kafka names topics from it
        c.put("pipeline", "[{\"$addFields\": {\"ns\": {\"db\": \"syntrix\", \"coll\": \"" + coll + "\"}}}]");
        return c;
    }

    static void soak(LocalStack stack, boolean exactlyOnce) throws Exception {
        if (!Files.isDirectory(baselinePluginPath())) {
            throw new IllegalStateException(baselinePluginPath() + " is missing: run with -Psoak, which builds it");
        }
        int kills = Integer.getInteger("crash.kills", 20);
        int writes = Integer.getInteger("crash.writes", 50_000);
        String coll = exactlyOnce ? "soak_eos" : "soak_alo";
        WorkerOptions o = options(exactlyOnce).pluginDiscovery("hybrid_warn");
        List<Path> paths = new ArrayList<>(List.of(TriggerStack.pluginPath(), baselinePluginPath()));
        TriggerStack s = new TriggerStack(stack, o.pluginPath(paths));
        MongoCollection<Document> c = s.client.getDatabase("syntrix").getCollection(coll);
        c.insertOne(new Document("_id", 0L).append("seq", 0L));
        s.worker.rest().configureConnector(OURS, ours(s, coll));
        s.worker.rest().configureConnector(BASELINE, baseline(s, coll));
        s.awaitRunning(OURS);
        s.awaitRunning(BASELINE);
        Thread.sleep(2_000);
        long seed = seed();
        System.out.println("[crash] soak seed " + seed + " exactlyOnce=" + exactlyOnce);
        String iso = exactlyOnce ? "read_committed" : "read_uncommitted";
        var out = CrashSchedule.run(
                s,
                c,
                writes,
                kills,
                Duration.ofSeconds(Math.max(60, kills * 12L)),
                seed,
                List.of(OURS, BASELINE),
                List.of(
                        new CrashSchedule.Watched(
                                OURS, coll + ".ours", TopicVerifier.jsonField("fullDocument.seq"), iso),
                        new CrashSchedule.Watched(BASELINE, "mk.syntrix." + coll, TopicVerifier.jsonField("seq"), iso)),
                Duration.ofMinutes(5));
        System.out.println("[crash] SOAK RESULT exactlyOnce=" + exactlyOnce + " kills=" + kills + " seed=" + seed
                + "\n  " + out.get(OURS) + "\n  " + out.get(BASELINE));
        assertThat(out.get(OURS).missing()).isEmpty();
        if (exactlyOnce) {
            assertThat(out.get(OURS).duplicates()).isZero();
        } else {
            assertThat(out.get(OURS).duplicates()).isLessThanOrEqualTo(kills * 500L);
        }
    }
}
