/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.filesource.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.stack.LocalStack;
import io.tidemark.stack.Sleep;
import io.tidemark.stack.connect.ConnectWorker;
import io.tidemark.stack.junit.LocalStackExtension;
import io.tidemark.stack.rest.ConnectRestClient;
import io.tidemark.stack.rest.ConnectorStatus;
import io.tidemark.stack.verify.FileAppender;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two hosts simulated on one machine: each "host" is a Connect cluster of its own (group id per host,
 * one broker), its workers tell their host id, log root and local store directory through a
 * properties file in their working directory, read by the worker's FileConfigProvider when a task
 * starts there. Each host's connector is pinned to its host ({@code file.host}). Host A's cluster
 * gains a second worker (rebalance: a task moves between host A's workers) and then loses its first
 * one to SIGKILL (its task moves again and resumes from Connect's offsets); every line of both
 * hosts' files arrives exactly once. Host B's connector deployed to host A's cluster by mistake fails
 * its tasks with a message naming both host ids instead of reading nothing.
 */
@ExtendWith(LocalStackExtension.class)
class FileSourceHostsIT {

    /** In each worker's working directory: that worker's host id, log root and local store directory. */
    static final String HOST_FILE = "tidemark-host.properties";

    private static final int FILES_PER_HOST = 3;
    private static final int LINES_PER_SECOND_PER_FILE = 60;

    @Test
    void everyLineOfBothHostsArrivesExactlyOnceAcrossARebalanceAndAWorkerKill(LocalStack stack) {
        stack.startKafka();
        Path logsA = stack.newDir("host-a-logs");
        Path logsB = stack.newDir("host-b-logs");
        ConnectWorker a1 = hostWorker(stack, "host-a", logsA, "a1");
        ConnectWorker b1 = hostWorker(stack, "host-b", logsB, "b1");
        FileSourceStack.createTopic(stack, "lines-host-a");
        FileSourceStack.createTopic(stack, "lines-host-b");

        List<FileAppender> writersA = appenders(logsA, "a");
        List<FileAppender> writersB = appenders(logsB, "b");
        writersA.forEach(w -> w.append(50));
        writersB.forEach(w -> w.append(50));

        ConnectRestClient restA = a1.rest();
        ConnectRestClient restB = b1.rest();
        restA.configureConnector("files-host-a", hostConfig("host-a", "lines-host-a"));
        restB.configureConnector("files-host-b", hostConfig("host-b", "lines-host-b"));
        restA.awaitRunning("files-host-a", 2, Duration.ofSeconds(60));
        restB.awaitRunning("files-host-b", 2, Duration.ofSeconds(60));

        // the accident: host B's connector on host A's cluster fails loudly, names both hosts
        restA.configureConnector("files-host-b-misplaced", hostConfig("host-b", "lines-misplaced"));
        ConnectorStatus misplaced = awaitAllTasksFailed(restA, "files-host-b-misplaced", 2);
        for (ConnectorStatus.TaskStatus t : misplaced.tasks()) {
            assertThat(t.trace())
                    .contains("reads the files of host 'host-b' (file.host)")
                    .contains("runs on a worker of host 'host-a' (file.host.id)");
        }
        restA.deleteConnector("files-host-b-misplaced");

        writersA.forEach(w -> w.feed(LINES_PER_SECOND_PER_FILE));
        writersB.forEach(w -> w.feed(LINES_PER_SECOND_PER_FILE));
        Sleep.millis(3000);

        // rebalance: a second worker of host A joins its cluster and takes one of the two tasks
        ConnectWorker a2 = hostWorker(stack, "host-a", logsA, "a2");
        String a2Id = "127.0.0.1:" + a2.restUrl().getPort();
        awaitTasksOn(restA, "files-host-a", 2, a2Id, 1, Duration.ofSeconds(60));
        Sleep.millis(3000);

        // SIGKILL of host A's first worker: after the session timeout both tasks run on a2
        a1.kill9();
        ConnectRestClient restA2 = a2.rest();
        awaitTasksOn(restA2, "files-host-a", 2, a2Id, 2, Duration.ofSeconds(60));
        Sleep.millis(3000);
        a1.restart();
        Sleep.millis(3000);

        writersA.forEach(FileAppender::stopFeeding);
        writersB.forEach(FileAppender::stopFeeding);
        restA2.awaitRunning("files-host-a", 2, Duration.ofSeconds(60));

        for (var host : List.of(Map.entry("lines-host-a", writersA), Map.entry("lines-host-b", writersB))) {
            Map<String, Long> expected = new TreeMap<>();
            long total = 0;
            for (FileAppender w : host.getValue()) {
                expected.put(prefixOf(w), w.lastSeq());
                total += w.lastSeq();
            }
            List<String> values =
                    FileSourceStack.awaitValues(stack, host.getKey(), (int) total, Duration.ofSeconds(90));
            Tally tally = Tally.of(values, expected);
            System.out.printf(
                    "HOSTS-RESULT topic=%s files=%d lines=%d records=%d lost=%d duplicates=%d foreign=%d%n",
                    host.getKey(), expected.size(), total, values.size(), tally.lost, tally.duplicates, tally.foreign);
            assertThat(tally.lost).as(host.getKey() + " lost lines").isZero();
            assertThat(tally.duplicates).as(host.getKey() + " duplicated lines").isZero();
            assertThat(tally.foreign)
                    .as(host.getKey() + " lines of another host")
                    .isZero();
        }
    }

    /**
     * Shared storage: two workers of one cluster mount the same directory (here: on one machine, so
     * they see the same device numbers), the watch service is off as on NFS, and the connector is
     * not pinned. Its two tasks split the files; one worker is SIGKILLed (both tasks then run on the
     * other) and comes back (a rebalance): every line arrives exactly once.
     */
    @Test
    void twoWorkersOnOneSharedDirectoryReadEveryLineExactlyOnceAcrossAWorkerKill(LocalStack stack) {
        stack.startKafka();
        Path shared = stack.newDir("shared-logs");
        ConnectWorker w1 = hostWorker(stack, "shared", "nfs-client-1", shared, "s1");
        ConnectWorker w2 = hostWorker(stack, "shared", "nfs-client-2", shared, "s2");
        FileSourceStack.createTopic(stack, "lines-shared");
        List<FileAppender> writers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            writers.add(new FileAppender(shared.resolve("app-" + i + ".log"), "s" + i));
        }
        writers.forEach(w -> w.append(50));
        Map<String, String> config = new HashMap<>(hostConfig("", "lines-shared"));
        config.put("file.host", "*"); // every worker sees the shared directory
        config.put("file.watch.enabled", "false");
        config.put("file.rescan.interval.ms", "500");
        ConnectRestClient rest = w1.rest();
        rest.configureConnector("files-shared", config);
        rest.awaitRunning("files-shared", 2, Duration.ofSeconds(60));
        String w1Id = "127.0.0.1:" + w1.restUrl().getPort();
        String w2Id = "127.0.0.1:" + w2.restUrl().getPort();
        awaitTasksOn(rest, "files-shared", 2, w2Id, 1, Duration.ofSeconds(60));

        writers.forEach(w -> w.feed(LINES_PER_SECOND_PER_FILE));
        Sleep.millis(4000);
        w2.kill9();
        awaitTasksOn(rest, "files-shared", 2, w1Id, 2, Duration.ofSeconds(60));
        Sleep.millis(3000);
        w2.restart();
        awaitTasksOn(rest, "files-shared", 2, w2Id, 1, Duration.ofSeconds(60));
        Sleep.millis(3000);
        writers.forEach(FileAppender::stopFeeding);

        Map<String, Long> expected = new TreeMap<>();
        long total = 0;
        for (int i = 0; i < writers.size(); i++) {
            expected.put("s" + i, writers.get(i).lastSeq());
            total += writers.get(i).lastSeq();
        }
        List<String> values = FileSourceStack.awaitValues(stack, "lines-shared", (int) total, Duration.ofSeconds(90));
        Tally tally = Tally.of(values, expected);
        System.out.printf(
                "SHARED-RESULT files=%d lines=%d records=%d lost=%d duplicates=%d%n",
                expected.size(), total, values.size(), tally.lost, tally.duplicates);
        assertThat(tally.lost).as("lost lines").isZero();
        assertThat(tally.duplicates).as("duplicated lines").isZero();
        assertThat(tally.foreign).as("unexpected lines").isZero();
    }

    /** A worker of {@code hostId}'s own Connect cluster, told its host id, log root and store directory. */
    static ConnectWorker hostWorker(LocalStack stack, String hostId, Path logs, String label) {
        return hostWorker(stack, "connect-" + hostId, hostId, logs, label);
    }

    /** A worker of Connect cluster {@code cluster}, told its host id, log root and store directory. */
    static ConnectWorker hostWorker(LocalStack stack, String cluster, String hostId, Path logs, String label) {
        Path dir = stack.newDir("worker-" + label);
        writeHostFile(dir, hostId, logs, stack.newDir("store-" + label));
        ConnectWorker w = stack.register(new ConnectWorker(
                "connect-" + label,
                dir,
                stack.kafka().bootstrapServers(),
                FileSourceStack.workerOptions(true)
                        .groupId(cluster)
                        .property("config.providers", "file")
                        .property(
                                "config.providers.file.class",
                                "org.apache.kafka.common.config.provider.FileConfigProvider")));
        return w.start();
    }

    static void writeHostFile(Path workerDir, String hostId, Path logs, Path store) {
        try {
            Files.writeString(
                    workerDir.resolve(HOST_FILE),
                    "host.id=" + hostId + "\nlog.dir=" + logs + "\nstore.dir=" + store + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The example config, pinned to {@code host}; roots, store and host id come from the worker's file. */
    static Map<String, String> hostConfig(String host, String topic) {
        Map<String, String> overrides = new HashMap<>();
        overrides.put("tasks.max", "2");
        overrides.put("topic", topic);
        overrides.put("file.host", host);
        overrides.put("file.host.id", "${file:" + HOST_FILE + ":host.id}");
        overrides.put("file.rescan.interval.ms", "1000");
        return FileSourceStack.exampleConfig(
                        Path.of("${file:" + HOST_FILE + ":log.dir}"),
                        Path.of("${file:" + HOST_FILE + ":store.dir}"),
                        overrides)
                .config();
    }

    private static List<FileAppender> appenders(Path logs, String host) {
        List<FileAppender> out = new ArrayList<>();
        for (int i = 0; i < FILES_PER_HOST; i++) {
            out.add(new FileAppender(logs.resolve("app-" + i + ".log"), host + i));
        }
        return out;
    }

    private static String prefixOf(FileAppender w) {
        String name = w.file().getFileName().toString(); // app-<i>.log
        String dir = w.file().getParent().getFileName().toString(); // host-<x>-logs
        return dir.charAt(5) + name.substring(4, name.indexOf('.'));
    }

    static ConnectorStatus awaitAllTasksFailed(ConnectRestClient rest, String name, int tasks) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        ConnectorStatus s = null;
        while (System.nanoTime() < deadline) {
            try {
                s = rest.connectorStatus(name);
                if (s.tasks().size() >= tasks && s.tasks().stream().allMatch(t -> "FAILED".equals(t.state()))) {
                    return s;
                }
            } catch (RuntimeException e) {
                // not created yet
            }
            Sleep.millis(300);
        }
        throw new AssertionError(name + " tasks not all FAILED: " + (s == null ? "no status" : s.raw()));
    }

    /** Waits until the connector runs {@code tasks} tasks, {@code onWorker} of them on {@code workerId}. */
    static void awaitTasksOn(
            ConnectRestClient rest, String name, int tasks, String workerId, int onWorker, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        ConnectorStatus s = null;
        while (System.nanoTime() < deadline) {
            try {
                s = rest.connectorStatus(name);
                long there = s.tasks().stream()
                        .filter(t -> workerId.equals(t.workerId()))
                        .count();
                if (s.isRunning(tasks) && there >= onWorker) {
                    return;
                }
                if (s.anyFailed()) {
                    throw new AssertionError(name + " FAILED: " + s.raw());
                }
            } catch (io.tidemark.stack.rest.ConnectRestException e) {
                // the worker answering may be rebalancing
            }
            Sleep.millis(300);
        }
        throw new AssertionError(name + " does not run " + onWorker + " task(s) on " + workerId + ": "
                + (s == null ? "no status" : s.raw()));
    }

    /** Lines counted per file prefix ("a0 17"): missing, repeated, and lines of no expected file. */
    record Tally(long lost, long duplicates, long foreign) {
        static Tally of(List<String> values, Map<String, Long> lastSeqByPrefix) {
            Map<String, Map<Long, Integer>> seen = new HashMap<>();
            long foreign = 0;
            for (String v : values) {
                String[] parts = v.trim().split(" ");
                if (parts.length < 2 || !lastSeqByPrefix.containsKey(parts[0])) {
                    foreign++;
                    continue;
                }
                seen.computeIfAbsent(parts[0], p -> new HashMap<>())
                        .merge(Long.parseLong(parts[parts.length - 1]), 1, Integer::sum);
            }
            long lost = 0;
            long duplicates = 0;
            for (Map.Entry<String, Long> e : lastSeqByPrefix.entrySet()) {
                Map<Long, Integer> s = seen.getOrDefault(e.getKey(), Map.of());
                for (long seq = 1; seq <= e.getValue(); seq++) {
                    int n = s.getOrDefault(seq, 0);
                    if (n == 0) {
                        lost++;
                    } else {
                        duplicates += n - 1;
                    }
                }
            }
            return new Tally(lost, duplicates, foreign);
        }
    }
}
