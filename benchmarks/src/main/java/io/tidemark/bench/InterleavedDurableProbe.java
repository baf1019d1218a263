/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.bench;

import io.tidemark.store.Durability;
import io.tidemark.store.StoreIdentity;
import io.tidemark.store.lmdb.LmdbCheckpointStore;
import io.tidemark.store.lmdb.LmdbStoreOptions;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * Durable commits/s of LMDB ({@link Durability#SYNC_EACH_COMMIT}) and of the atomic-file baseline,
 * alternating in blocks of 10 commits so that both see the same disk conditions (on a shared
 * machine the fsync latency drifts by 10x within a minute, which JMH's back-to-back runs cannot
 * separate from the stores' own cost).
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar io.tidemark.bench.InterleavedDurableProbe [rounds]</pre>
 */
public final class InterleavedDurableProbe {

    private InterleavedDurableProbe() {}

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int warmup = Math.max(1, rounds / 10);
        Path dir = BenchDirs.create("tidemark-interleaved-");
        try (LmdbCheckpointStore lmdb = LmdbCheckpointStore.open(
                dir.resolve("lmdb"),
                new StoreIdentity("bench", 1),
                LmdbStoreOptions.defaults().withDurability(Durability.SYNC_EACH_COMMIT))) {
            Path fileDir = java.nio.file.Files.createDirectories(dir.resolve("file"));
            AtomicFileCheckpoint file = new AtomicFileCheckpoint(fileDir, "position.ckpt");
            byte[] value = new byte[100];
            long seq = 0;
            long lmdbNanos = 0;
            long fileNanos = 0;
            int commits = 0;
            for (int round = 0; round < rounds + warmup; round++) {
                long t0 = System.nanoTime();
                for (int i = 0; i < 10; i++) {
                    ByteBuffer.wrap(value).putLong(0, ++seq);
                    lmdb.put("source/position", value);
                }
                long t1 = System.nanoTime();
                for (int i = 0; i < 10; i++) {
                    ByteBuffer.wrap(value).putLong(0, ++seq);
                    file.write(value);
                }
                long t2 = System.nanoTime();
                if (round >= warmup) {
                    lmdbNanos += t1 - t0;
                    fileNanos += t2 - t1;
                    commits += 10;
                }
            }
            System.out.printf(
                    "interleaved, %d commits each: lmdb-sync %.0f commits/s, atomic-file %.0f commits/s,"
                            + " lmdb/atomic-file %.2fx%n",
                    commits, commits * 1e9 / lmdbNanos, commits * 1e9 / fileNanos, (double) fileNanos / lmdbNanos);
        } finally {
            BenchDirs.delete(dir);
        }
    }
}
