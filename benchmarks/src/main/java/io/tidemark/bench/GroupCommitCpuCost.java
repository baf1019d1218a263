/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.bench;

import io.tidemark.store.GroupCommitter;
import io.tidemark.store.StoreIdentity;
import io.tidemark.store.lmdb.LmdbCheckpointStore;
import io.tidemark.store.lmdb.LmdbStoreOptions;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * CPU cost per position update through {@link GroupCommitter} at a paced rate (default 100,000
 * updates/s from 4 threads over 1,000 keys, 1 s flush interval into a durable LMDB store): process
 * CPU time of a run that stages, minus that of an identical paced run that does not, divided by
 * the updates. Includes the flusher's coalescing and LMDB commits. JMH measures throughput at
 * saturation; this measures what an update costs at the design's target rate.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar io.tidemark.bench.GroupCommitCpuCost [updatesPerSecond] [seconds]</pre>
 */
public final class GroupCommitCpuCost {

    private static final int THREADS = 4;
    private static final int KEYS = 1_000;
    private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private GroupCommitCpuCost() {}

    public static void main(String[] args) throws Exception {
        int rate = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        String[] keys = new String[KEYS];
        for (int i = 0; i < KEYS; i++) {
            keys[i] = String.format("file-source/offsets/file-%04d.log", i);
        }
        Path dir = BenchDirs.create("tidemark-cpu-");
        try (LmdbCheckpointStore store =
                LmdbCheckpointStore.open(dir, new StoreIdentity("bench", 1), LmdbStoreOptions.defaults())) {
            GroupCommitter committer =
                    GroupCommitter.start(store, new GroupCommitter.Options(Duration.ofSeconds(1), 100_000));
            run(null, keys, rate, 2); // warm-up: pacing only
            run(committer, keys, rate, 2); // warm-up: staging
            Result idle = run(null, keys, rate, seconds);
            long batchesBefore = committer.committedBatches();
            Result staged = run(committer, keys, rate, seconds);
            long batches = committer.committedBatches() - batchesBefore;
            committer.close();
            double cpuPerUpdate = (double) (staged.cpuNanos - idle.cpuNanos) / staged.updates;
            System.out.printf(
                    "rate target %,d updates/s, achieved %,.0f updates/s over %d s (%d threads, %d keys)%n",
                    rate, staged.updates * 1e9 / staged.wallNanos, seconds, THREADS, KEYS);
            System.out.printf(
                    "process CPU: paced without staging %,d ms, with staging %,d ms; %d batches committed%n",
                    TimeUnit.NANOSECONDS.toMillis(idle.cpuNanos),
                    TimeUnit.NANOSECONDS.toMillis(staged.cpuNanos),
                    batches);
            System.out.printf("amortised CPU cost per update: %.0f ns%n", cpuPerUpdate);
        } finally {
            BenchDirs.delete(dir);
        }
    }

    private record Result(long updates, long cpuNanos, long wallNanos) {}

    private static Result run(GroupCommitter committer, String[] keys, int rate, int seconds) throws Exception {
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        int perThreadPerTick = Math.max(1, (int) ((long) rate * TICK_NANOS / 1_000_000_000L / THREADS));
        AtomicLong updates = new AtomicLong();
        long cpu0 = os.getProcessCpuTime();
        long start = System.nanoTime();
        long end = start + TimeUnit.SECONDS.toNanos(seconds);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int first = t * 7919 % KEYS;
            Thread th = new Thread(() -> {
                byte[] value = new byte[100];
                int key = first;
                long n = 0;
                long next = System.nanoTime();
                while (next < end) {
                    for (int i = 0; i < perThreadPerTick; i++) {
                        ByteBuffer.wrap(value).putLong(0, ++n);
                        key = (key + 617) % KEYS;
                        if (committer != null) {
                            committer.stage(keys[key], value);
                        }
                    }
                    next += TICK_NANOS;
                    long wait = next - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait);
                    }
                }
                updates.addAndGet(n);
            });
            threads.add(th);
            th.start();
        }
        for (Thread th : threads) {
            th.join();
        }
        if (committer != null) {
            committer.flush();
        }
        return new Result(updates.get(), os.getProcessCpuTime() - cpu0, System.nanoTime() - start);
    }
}
