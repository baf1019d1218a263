/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.store.lmdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.store.Durability;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SortedMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILLs a child JVM that commits multi-key batches as fast as it can, at random moments, and
 * checks after each kill that the store holds exactly one whole batch: the last one the child
 * reported as committed, or the one it was committing (commit done, report not yet written).
 *
 * <p>{@code -Dtidemark.crash.kills=N} sets the kills of the CI run (default 10);
 * {@code -Dtidemark.crash.soakKills=N} those of the soak run (default 50, {@code -Psoak}).
 */
class LmdbCrashTest {

    private static final int KEYS = 20;

    @TempDir
    Path tmp;

    @Test
    void sigkillNeverLeavesATornOrLostBatch() throws Exception {
        runKills(Integer.getInteger("tidemark.crash.kills", 10), Durability.SYNC_EACH_COMMIT);
    }

    /** SYNC_PERIODIC does not sync each commit, yet a process crash loses nothing (the OS has the pages). */
    @Test
    void periodicDurabilityKeepsCommitsAcrossProcessKill() throws Exception {
        runKills(3, Durability.SYNC_PERIODIC);
    }

    @Test
    @Tag("soak")
    void soakSigkill() throws Exception {
        runKills(Integer.getInteger("tidemark.crash.soakKills", 50), Durability.SYNC_EACH_COMMIT);
    }

    private void runKills(int kills, Durability durability) throws Exception {
        Path dir = tmp.resolve("store");
        Path stderr = tmp.resolve("child-stderr.txt");
        long previous = 0;
        long totalCommitsSeen = 0;
        for (int round = 1; round <= kills; round++) {
            Process child = ChildJvm.start(
                    CrashWriterMain.class, stderr, dir.toString(), String.valueOf(KEYS), durability.name());
            AtomicLong lastReported = new AtomicLong(-1);
            AtomicLong reports = new AtomicLong();
            AtomicReference<Exception> readError = new AtomicReference<>();
            Thread reader = new Thread(
                    () -> {
                        try {
                            readReports(child, lastReported, reports);
                        } catch (IOException | RuntimeException e) {
                            readError.set(e);
                        }
                    },
                    "crash-child-stdout");
            reader.start();

            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (reports.get() == 0 && child.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            assertThat(reports.get())
                    .as("child committed before the kill (round %d); stderr: %s", round, readQuietly(stderr))
                    .isPositive();
            Thread.sleep(ThreadLocalRandom.current().nextInt(150));
            // SIGKILL through the handle: Process.destroyForcibly() would also close our end of the
            // child's stdout and lose the last reports still in the pipe.
            child.toHandle().destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(child.exitValue()).as("killed by SIGKILL").isEqualTo(128 + 9);
            reader.join(10_000);
            assertThat(reader.isAlive()).isFalse();
            assertThat(readError.get()).as("reading the child's reports").isNull();
            totalCommitsSeen += reports.get();

            long reported = lastReported.get();
            try (LmdbCheckpointStore store =
                    LmdbCheckpointStore.open(dir, CrashWriterMain.ID, LmdbStoreOptions.defaults())) {
                SortedMap<String, byte[]> all = store.scan("k/");
                assertThat(all).as("round %d: every key of the batch", round).hasSize(KEYS);
                long seq = -1;
                for (Map.Entry<String, byte[]> e : all.entrySet()) {
                    long s = ByteBuffer.wrap(e.getValue()).getLong();
                    if (seq == -1) {
                        seq = s;
                    }
                    assertThat(s)
                            .as("round %d: %s carries the batch's sequence", round, e.getKey())
                            .isEqualTo(seq);
                }
                assertThat(seq)
                        .as("round %d: stored sequence vs last reported %d", round, reported)
                        .isBetween(reported, reported + 1);
                assertThat(seq).as("round %d: never goes back", round).isGreaterThanOrEqualTo(previous);
                previous = seq;
                System.out.printf(
                        "%s round %d: killed after %d commits, last reported %d, stored %d%n",
                        durability, round, reports.get(), reported, seq);
            }
        }
        assertThat(totalCommitsSeen).isGreaterThanOrEqualTo(kills);
    }

    private static void readReports(Process child, AtomicLong lastReported, AtomicLong reports) throws IOException {
        try (BufferedReader r =
                new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.US_ASCII))) {
            StringBuilder line = new StringBuilder();
            int c;
            while ((c = r.read()) != -1) {
                if (c == '\n') {
                    String s = line.toString();
                    if (s.startsWith("C ")) {
                        lastReported.set(Long.parseLong(s.substring(2)));
                        reports.incrementAndGet();
                    }
                    line.setLength(0);
                } else {
                    line.append((char) c);
                }
            }
            // a line cut by the kill (no newline) does not count as reported
        }
    }

    private static String readQuietly(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p) : "";
        } catch (IOException e) {
            return e.toString();
        }
    }
}
