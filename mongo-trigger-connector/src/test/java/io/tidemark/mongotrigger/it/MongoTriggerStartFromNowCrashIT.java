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
import io.tidemark.stack.verify.MongoWriter;
import io.tidemark.stack.verify.TopicVerifier;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A crash loop right after the first deployment with start.from.now=true: the worker is SIGKILLed after the
 * task decided where "now" is but before it read any event, and again right after its restart, before
 * anything was committed (with exactly-once: before the first transaction commits, which the 20 s
 * transaction interval guarantees), while a writer inserts documents. mongo-java-server gives no post-batch
 * resume tokens, so no heartbeat can store a position before the first event: only the recorded starting
 * point keeps the restarts from deciding "now" again and skipping what was written while the worker was down.
 */
@ExtendWith(LocalStackExtension.class)
class MongoTriggerStartFromNowCrashIT {

    static final String NAME = "from-now";
    static final int WRITES = 4_000;
    static final int BATCH = 500;

    record Outcome(TopicVerifier.Result result, List<Long> missing, long decidedNow, long resumed) {}

    @Test
    void exactlyOnceLosesNothingWhenKilledBeforeTheFirstEventAndBeforeTheFirstCommittedTransaction(LocalStack stack)
            throws Exception {
        Outcome out = crashLoop(
                stack,
                true,
                "eos_now",
                "read_committed",
                "transaction.boundary",
                "interval",
                "transaction.boundary.interval.ms",
                "20000",
                // transactions of up to 20 s: above the test bed's 15 s transaction timeout
                "producer.override.transaction.timeout.ms",
                "60000");
        assertThat(out.missing()).as("missing of %d", WRITES).isEmpty();
        assertThat(out.result().duplicates()).isZero();
        assertThat(out.decidedNow()).as("starts that decided 'now'").isEqualTo(1);
    }

    @Test
    void atLeastOnceLosesNothingWhenKilledBeforeTheFirstEventAndRightAfterTheRestart(LocalStack stack)
            throws Exception {
        Outcome out = crashLoop(stack, false, "alo_now", "read_uncommitted");
        assertThat(out.missing()).as("missing of %d", WRITES).isEmpty();
        // the second kill re-sends at most what was in flight: one poll batch per kill
        assertThat(out.result().duplicates()).isLessThanOrEqualTo(2L * BATCH);
        assertThat(out.decidedNow()).as("starts that decided 'now'").isEqualTo(1);
    }

    private static Outcome crashLoop(
            LocalStack stack, boolean exactlyOnce, String coll, String isolation, String... extra) throws Exception {
        WorkerOptions o = WorkerOptions.defaults().sessionTimeoutMs(6_000).heartbeatIntervalMs(1_000);
        TriggerStack s = new TriggerStack(stack, exactlyOnce ? o.exactlyOnceSourceSupport("enabled") : o);
        MongoCollection<Document> collection = s.client.getDatabase("syntrix").getCollection(coll);
        collection.insertOne(new Document("_id", 0L).append("seq", 0L)); // creates the collection
        String topic = coll + ".ours";
        String[] kv = concat(
                new String[] {
                    "start.from.now",
                    "true",
                    "poll.max.batch.size",
                    String.valueOf(BATCH),
                    "checkpoint.flush.interval.ms",
                    "100",
                    "triggers",
                    "[{\"name\": \"all\", \"operations\": [\"insert\"], \"topic\": \"" + topic + "\"}]"
                },
                extra);
        Map<String, String> config = s.config("syntrix", coll, kv);
        s.worker.rest().configureConnector(NAME, config);
        s.awaitRunning(NAME);

        // kill 1: the task decided where "now" is (its first poll), nothing was written yet, so no event came
        awaitLog(s, "AUDIT: Recorded the starting point", Duration.ofSeconds(15));
        s.worker.kill9();
        System.out.println("[from-now] kill 1 before the first event");

        MongoWriter writer = new MongoWriter(collection);
        AtomicReference<Throwable> writerFailure = new AtomicReference<>();
        long pauseNanos = Duration.ofSeconds(30).toNanos() / (WRITES / 50);
        Thread writing = new Thread(
                () -> {
                    try {
                        long next = System.nanoTime();
                        while (writer.nextSeq() <= WRITES) {
                            writer.insert((int) Math.min(50, WRITES - writer.nextSeq() + 1));
                            next += pauseNanos;
                            long sleep = next - System.nanoTime();
                            if (sleep > 0) {
                                Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
                            }
                        }
                    } catch (Throwable t) {
                        writerFailure.set(t);
                    }
                },
                "from-now-writer");
        writing.start();

        s.worker.restart();
        s.worker.rest().awaitRunning(NAME, 1, Duration.ofSeconds(120));
        // kill 2: right after the restart, before anything it read was committed
        Thread.sleep(1_500);
        s.worker.kill9();
        System.out.printf("[from-now] kill 2 after the restart, at seq %d%n", writer.nextSeq() - 1);
        s.worker.restart();
        s.worker.rest().awaitRunning(NAME, 1, Duration.ofSeconds(120));

        writing.join();
        if (writerFailure.get() != null) {
            throw new AssertionError("writer failed", writerFailure.get());
        }
        TopicVerifier v = new TopicVerifier(s.bootstrap(), topic).isolation(isolation);
        TopicVerifier.Result r = v.verify(TopicVerifier.jsonField("fullDocument.seq"));
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (r.missing(1, WRITES).size() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(1_000);
            r = v.verify(TopicVerifier.jsonField("fullDocument.seq"));
        }
        String log = Files.readString(s.worker.logFile());
        long decidedNow = count(log, "AUDIT: Starting watch from NOW (checkpoint missing)");
        long resumed = count(log, "AUDIT: Resuming watch from the recorded starting point");
        List<Long> missing = r.missing(1, WRITES); // the first 1,000 at most
        long lost = 0;
        for (long seq = 1; seq <= WRITES; seq++) {
            lost += r.occurrences(seq) == 0 ? 1 : 0;
        }
        System.out.println("[from-now] exactlyOnce=" + exactlyOnce + " writes=" + WRITES + " records=" + r.records()
                + " distinct=" + r.distinct() + " duplicates=" + r.duplicates() + " lost=" + lost
                + (missing.isEmpty() ? "" : " first missing " + missing.subList(0, Math.min(10, missing.size())))
                + "; starts from NOW: " + decidedNow + ", resumed from the recorded starting point: " + resumed);
        return new Outcome(r, missing, decidedNow, resumed);
    }

    private static void awaitLog(TriggerStack s, String line, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (Files.readString(s.worker.logFile()).contains(line)) {
                    return;
                }
            } catch (IOException e) {
                // not written yet
            }
            Thread.sleep(100);
        }
        System.out.println("[from-now] '" + line + "' not logged within " + timeout + "; killing anyway");
    }

    private static long count(String text, String line) {
        long n = 0;
        for (int i = text.indexOf(line); i >= 0; i = text.indexOf(line, i + 1)) {
            n++;
        }
        return n;
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = new String[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
