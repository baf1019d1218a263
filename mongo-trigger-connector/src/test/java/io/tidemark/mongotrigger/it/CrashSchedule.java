/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.mongotrigger.it;

import com.mongodb.client.MongoCollection;
import io.tidemark.stack.connect.ConnectWorker;
import io.tidemark.stack.verify.MongoWriter;
import io.tidemark.stack.verify.TopicVerifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.ToLongFunction;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.Document;

/**
 * Writes {@code writes} documents ({@code seq} 1..writes) at a steady pace over {@code writeFor} while
 * the worker is SIGKILLed {@code kills} times, each 1-4 s (seeded random) after the task is running
 * again, restarting it after each kill; then
 * waits until every watched topic holds every sequence (or the timeout passes) and reports
 * records, duplicates and missing sequences per topic.
 */
final class CrashSchedule {

    /** One topic's outcome. */
    record Outcome(String label, long writes, long records, long distinct, long duplicates, List<Long> missing) {
        @Override
        public String toString() {
            return label + ": writes=" + writes + " records=" + records + " distinct=" + distinct + " duplicates="
                    + duplicates + " missing=" + missing.size()
                    + (missing.isEmpty() ? "" : " first missing " + missing.subList(0, Math.min(10, missing.size())));
        }
    }

    /** A topic to verify: label, topic, sequence of a record, isolation level. */
    record Watched(String label, String topic, ToLongFunction<ConsumerRecord<String, String>> seq, String isolation) {}

    static Map<String, Outcome> run(
            TriggerStack s,
            MongoCollection<Document> collection,
            int writes,
            int kills,
            Duration writeFor,
            long seed,
            List<String> connectors,
            List<Watched> watched,
            Duration settle)
            throws Exception {
        Random random = new Random(seed);
        MongoWriter writer = new MongoWriter(collection);
        int batch = 50;
        long pauseNanos = writeFor.toNanos() / Math.max(1, writes / batch);
        AtomicReference<Throwable> writerFailure = new AtomicReference<>();
        Thread writing = new Thread(
                () -> {
                    try {
                        long next = System.nanoTime();
                        while (writer.nextSeq() <= writes) {
                            writer.insert((int) Math.min(batch, writes - writer.nextSeq() + 1));
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
                "crash-writer");
        writing.start();
        ConnectWorker worker = s.worker;
        for (int k = 1; k <= kills; k++) {
            // a restart and the task's return take ~8-10 s; the next kill comes 1-4 s after the task runs again
            Thread.sleep(1_000 + (long) (random.nextDouble() * 3_000));
            worker.kill9();
            System.out.printf("[crash] kill %d/%d at seq %d%n", k, kills, writer.nextSeq() - 1);
            worker.restart();
            for (String c : connectors) {
                s.worker.rest().awaitRunning(c, 1, Duration.ofSeconds(120));
            }
        }
        writing.join();
        if (writerFailure.get() != null) {
            throw new AssertionError("writer failed", writerFailure.get());
        }
        Map<String, Outcome> out = new LinkedHashMap<>();
        long deadline = System.nanoTime() + settle.toNanos();
        for (Watched w : watched) {
            TopicVerifier v = new TopicVerifier(s.bootstrap(), w.topic()).isolation(w.isolation());
            TopicVerifier.Result r = v.verify(w.seq());
            while (r.distinct() < writes && System.nanoTime() < deadline) {
                Thread.sleep(1_000);
                r = v.verify(w.seq());
            }
            out.put(
                    w.label(),
                    new Outcome(
                            w.label(),
                            writes,
                            r.records(),
                            r.distinct(),
                            r.duplicates(),
                            new ArrayList<>(r.missing(1, writes))));
            System.out.println("[crash] " + out.get(w.label()));
        }
        return out;
    }
}
