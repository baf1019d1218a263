/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.filesource.it;

import io.tidemark.stack.LocalStack;
import io.tidemark.stack.Sleep;
import io.tidemark.stack.connect.ConnectWorker;
import io.tidemark.stack.connect.PluginDirs;
import io.tidemark.stack.rest.ConnectRestClient;
import io.tidemark.stack.verify.FileAppender;
import io.tidemark.stack.verify.TopicVerifier;
import io.tidemark.stack.verify.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One crash run: a writer appends numbered lines (rotating by rename every {@code rotateEvery}
 * lines) while the worker JVM is SIGKILLed at random moments and restarted on the same state; then
 * the topic is read (read_committed) and every line number is counted.
 */
final class CrashRun {

    /**
     * TIDEMARK_KEYLESS: the example config with {@code record.key=none} on a 3-partition topic, so one
     * file's lines are acknowledged out of order across Kafka partitions.
     */
    enum Connector {
        TIDEMARK,
        TIDEMARK_KEYLESS,
        FILE_STREAM
    }

    record Result(
            String label,
            Connector connector,
            boolean exactlyOnce,
            int kills,
            long lines,
            long lost,
            long duplicates,
            long records,
            Duration took) {
        String line() {
            return String.format(
                    "CRASH-RESULT %s connector=%s eos=%s kills=%d lines=%d records=%d lost=%d duplicates=%d"
                            + " took=%ds",
                    label, connector, exactlyOnce, kills, lines, records, lost, duplicates, took.toSeconds());
        }
    }

    private CrashRun() {}

    static Result run(
            LocalStack stack,
            String label,
            Connector connector,
            boolean exactlyOnce,
            int kills,
            int lines,
            int rotateEvery,
            int linesPerSecond,
            long seed) {
        Instant t0 = Instant.now();
        Random random = new Random(seed);
        stack.startKafka();
        var options = FileSourceStack.workerOptions(exactlyOnce);
        if (connector == Connector.FILE_STREAM) {
            options.pluginPath(PluginDirs.connectFile(stack.newDir("connect-file-plugin")));
        }
        ConnectWorker worker = stack.startWorker(options);
        ConnectRestClient rest = worker.rest();
        Path logs = stack.newDir("crash-logs-" + label);
        Path state = stack.newDir("crash-state-" + label);
        String topic = "crash-" + label;
        try (Topics t = new Topics(stack.kafka().bootstrapServers())) {
            t.create(topic, connector == Connector.TIDEMARK_KEYLESS ? 3 : 1);
        }
        Path log = logs.resolve("app.log");
        FileAppender app = new FileAppender(log, "line");
        String name = "crash-" + label;
        Map<String, String> config;
        if (connector != Connector.FILE_STREAM) {
            var overrides = new java.util.HashMap<String, String>();
            overrides.put("topic", topic);
            if (connector == Connector.TIDEMARK_KEYLESS) {
                overrides.put("record.key", "none");
            }
            if (!exactlyOnce) {
                overrides.put("exactly.once.support", null);
            }
            config = FileSourceStack.exampleConfig(logs, state, overrides).config();
        } else {
            config = Map.of(
                    "connector.class",
                    "org.apache.kafka.connect.file.FileStreamSourceConnector",
                    "tasks.max",
                    "1",
                    "file",
                    log.toString(),
                    "topic",
                    topic,
                    "key.converter",
                    "org.apache.kafka.connect.storage.StringConverter",
                    "value.converter",
                    "org.apache.kafka.connect.storage.StringConverter");
        }
        rest.configureConnector(name, config);
        rest.awaitRunning(name, 1, Duration.ofSeconds(60));

        AtomicBoolean writing = new AtomicBoolean(true);
        int batch = Math.max(1, linesPerSecond / 20);
        Thread writer = new Thread(
                () -> {
                    int rotations = 0;
                    long written = 0;
                    while (written < lines) {
                        int n = (int) Math.min(batch, lines - written);
                        app.append(n);
                        written += n;
                        if (rotateEvery > 0 && written % rotateEvery == 0 && written < lines) {
                            app.rotateRename(logs.resolve("app.log." + (++rotations)));
                        }
                        Sleep.millis(50);
                    }
                    writing.set(false);
                },
                "crash-writer");
        writer.start();

        double writeSeconds = (double) lines / linesPerSecond;
        for (int k = 0; k < kills; k++) {
            // random moments spread over the writing time
            long gap = (long) (1000 * writeSeconds / (kills + 1) * (0.5 + random.nextDouble()));
            Sleep.millis(gap);
            worker.kill9();
            Sleep.millis(200 + random.nextInt(1300));
            worker.restart();
            rest.awaitRunning(name, 1, Duration.ofSeconds(90));
        }
        try {
            writer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        // wait until every line arrived (or nothing more comes for a while)
        TopicVerifier verifier = new TopicVerifier(stack.kafka().bootstrapServers(), topic);
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        TopicVerifier.Result r = verifier.verify(TopicVerifier.lastNumberInValue());
        long stableSince = System.nanoTime();
        long lastRecords = r.records();
        while (System.nanoTime() < deadline) {
            if (r.distinct() >= lines
                    && System.nanoTime() - stableSince > Duration.ofSeconds(12).toNanos()) {
                break; // 12 s > offset flush interval: late duplicates would have shown
            }
            Sleep.millis(1000);
            r = verifier.verify(TopicVerifier.lastNumberInValue());
            if (r.records() != lastRecords) {
                lastRecords = r.records();
                stableSince = System.nanoTime();
            }
        }
        long lost = r.missing(1, lines).size();
        Result result = new Result(
                label,
                connector,
                exactlyOnce,
                kills,
                lines,
                lost,
                r.duplicates(),
                r.records(),
                Duration.between(t0, Instant.now()));
        record(result);
        return result;
    }

    private static void record(Result r) {
        System.out.println(r.line());
        try {
            Path out = Path.of("target", "crash-results.txt");
            Files.createDirectories(out.getParent());
            Files.writeString(
                    out, r.line() + System.lineSeparator(), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> summary(List<Result> results) {
        return results.stream().map(Result::line).toList();
    }
}
