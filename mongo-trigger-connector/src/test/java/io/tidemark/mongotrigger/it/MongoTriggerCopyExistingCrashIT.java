/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.mongotrigger.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoCollection;
import io.tidemark.stack.LocalStack;
import io.tidemark.stack.junit.LocalStackExtension;
import io.tidemark.stack.verify.MongoWriter;
import io.tidemark.stack.verify.TopicVerifier;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.BsonDocument;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * startup.mode=copy_existing through the REST API against mongo-java-server (its own process): 10 000
 * existing documents in the test suite ({@code -Dmongo.copy.documents=50000} for the figure in RELIABILITY.md), 500 more written while the copy runs, and the worker SIGKILLed in the middle of the
 * copy. With exactly-once every existing document is copied exactly once and every write during the copy
 * is streamed exactly once; without it nothing is lost.
 */
@ExtendWith(LocalStackExtension.class)
class MongoTriggerCopyExistingCrashIT {

    static final String NAME = "copy";
    /** Existing documents; the suite keeps them few because mongo-java-server takes ~1.6 ms per insert. */
    static final int EXISTING = Integer.getInteger("mongo.copy.documents", 10_000);

    static final int DURING = 500;

    @Test
    void exactlyOnceCopiesEveryExistingDocumentOnceAcrossAKillMidCopy(LocalStack stack) throws Exception {
        Outcome out = copyWithKill(stack, true, "copy_eos");
        assertThat(out.readOnce).as(out.toString()).isEqualTo(EXISTING);
        assertThat(out.readMoreThanOnce).as(out.toString()).isZero();
        assertThat(out.missing).as(out.toString()).isZero();
        assertThat(out.insertsMoreThanOnce).as(out.toString()).isZero();
    }

    @Test
    void atLeastOnceLosesNoDocumentAcrossAKillMidCopy(LocalStack stack) throws Exception {
        Outcome out = copyWithKill(stack, false, "copy_alo");
        assertThat(out.missing).as(out.toString()).isZero();
        // the kill re-sends what was not yet acknowledged or not yet in the local store (100 ms flushes)
        assertThat(out.readMoreThanOnce).as(out.toString()).isLessThan(5_000);
    }

    record Outcome(
            long records,
            long readOnce,
            long readMoreThanOnce,
            long missing,
            long insertsMoreThanOnce,
            long millis,
            String repeatedRange) {
        @Override
        public String toString() {
            return "records=" + records + " existing copied once=" + readOnce + " copied more than once="
                    + readMoreThanOnce + repeatedRange + " missing=" + missing + " streamed more than once="
                    + insertsMoreThanOnce + " in " + millis + " ms";
        }
    }

    static Outcome copyWithKill(LocalStack stack, boolean exactlyOnce, String coll) throws Exception {
        TriggerStack s = new TriggerStack(stack, MongoTriggerCrashIT.options(exactlyOnce));
        MongoCollection<Document> c = s.client.getDatabase("syntrix").getCollection(coll);
        MongoWriter writer = new MongoWriter(c);
        long t0 = System.nanoTime();
        while (writer.nextSeq() <= EXISTING) {
            writer.insert((int) Math.min(5_000, EXISTING - writer.nextSeq() + 1));
        }
        System.out.printf("[copy] %d documents written in %d ms%n", EXISTING, (System.nanoTime() - t0) / 1_000_000);
        String topic = coll + ".out";
        s.worker
                .rest()
                .configureConnector(
                        NAME,
                        s.config(
                                "syntrix",
                                coll,
                                "startup.mode",
                                "copy_existing",
                                "poll.max.batch.size",
                                "500",
                                "checkpoint.flush.interval.ms",
                                "100",
                                // validate()'s live check of the server, on a loaded machine
                                "connection.validate.timeout.ms",
                                "30000",
                                "triggers",
                                "[{\"name\": \"all\", \"operations\": [\"read\", \"insert\"], \"topic\": \"" + topic
                                        + "\"}]"));
        long started = System.nanoTime();
        AtomicReference<Throwable> failed = new AtomicReference<>();
        Thread during = new Thread(
                () -> {
                    try {
                        while (writer.nextSeq() <= EXISTING + DURING) {
                            writer.insert(10);
                            Thread.sleep(100);
                        }
                    } catch (Throwable t) {
                        failed.set(t);
                    }
                },
                "copy-writer");
        s.awaitRunning(NAME);
        during.start();
        TopicVerifier.awaitCount(s.bootstrap(), topic, EXISTING / 5, Duration.ofSeconds(120));
        s.worker.kill9();
        System.out.printf("[copy] killed after >= %d records, %d written%n", EXISTING / 5, writer.nextSeq() - 1);
        s.worker.restart();
        s.awaitRunning(NAME);
        during.join();
        assertThat(failed.get()).isNull();
        String isolation = exactlyOnce ? "read_committed" : "read_uncommitted";
        TopicVerifier v = new TopicVerifier(s.bootstrap(), topic).isolation(isolation);
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        Outcome out;
        do {
            Thread.sleep(1_000);
            out = outcome(v.readAll(), (System.nanoTime() - started) / 1_000_000);
        } while (out.missing > 0 && System.nanoTime() < deadline);
        System.out.println("[copy] exactlyOnce=" + exactlyOnce + " " + out);
        return out;
    }

    static Outcome outcome(List<ConsumerRecord<String, String>> records, long millis) {
        Map<Long, Integer> reads = new HashMap<>();
        Map<Long, Integer> inserts = new HashMap<>();
        for (ConsumerRecord<String, String> r : records) {
            BsonDocument v = BsonDocument.parse(r.value());
            long seq = v.getDocument("fullDocument").getNumber("seq").longValue();
            String op = v.getString("operation").getValue();
            (op.equals("read") ? reads : inserts).merge(seq, 1, Integer::sum);
        }
        long once = 0;
        long more = 0;
        long firstRepeated = -1;
        long lastRepeated = -1;
        for (long i = 1; i <= EXISTING; i++) {
            int n = reads.getOrDefault(i, 0);
            once += n == 1 ? 1 : 0;
            more += n > 1 ? 1 : 0;
            if (n > 1) {
                firstRepeated = firstRepeated < 0 ? i : firstRepeated;
                lastRepeated = i;
            }
        }
        long missing = 0;
        for (long i = 1; i <= EXISTING + DURING; i++) {
            if (!reads.containsKey(i) && !inserts.containsKey(i)) {
                missing++;
            }
        }
        long insertsMore = inserts.values().stream().filter(n -> n > 1).count();
        String range = firstRepeated < 0 ? "" : " (seq " + firstRepeated + ".." + lastRepeated + ")";
        return new Outcome(records.size(), once, more, missing, insertsMore, millis, range);
    }
}
