/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.bench;

import io.tidemark.store.Durability;
import io.tidemark.store.GroupCommitter;
import io.tidemark.store.StoreIdentity;
import io.tidemark.store.lmdb.LmdbCheckpointStore;
import io.tidemark.store.lmdb.LmdbStoreOptions;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * Cost of one position update through {@link GroupCommitter}: 4 threads stage 100-byte positions
 * for 1,000 keys as fast as they can (far above 100k updates/s) while the flusher commits the
 * coalesced batch to a durable ({@link Durability#SYNC_EACH_COMMIT}) LMDB store every
 * {@code flushMs}. The flusher's commits run on the same 2 cores, so their cost is amortised
 * into the result.
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.Throughput, Mode.AverageTime})
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Threads(4)
public class GroupCommitBenchmark {

    private static final StoreIdentity ID = new StoreIdentity("bench", 1);
    private static final int KEYS = 1_000;

    @Param({"100"})
    public long flushMs;

    private Path dir;
    private LmdbCheckpointStore store;
    private GroupCommitter committer;
    private final String[] keys = new String[KEYS];

    /** Per thread: the value buffer and a walk over the keys. */
    @State(Scope.Thread)
    public static class Writer {
        final byte[] value = new byte[100];
        long n;
        int key;

        @Setup
        public void start() {
            key = (int) (Thread.currentThread().getId() * 7919 % KEYS);
        }
    }

    @Setup(Level.Trial)
    public void open() throws IOException {
        dir = BenchDirs.create("tidemark-group-");
        store = LmdbCheckpointStore.open(dir, ID, LmdbStoreOptions.defaults());
        committer = GroupCommitter.start(store, new GroupCommitter.Options(Duration.ofMillis(flushMs), 100_000));
        for (int i = 0; i < KEYS; i++) {
            keys[i] = String.format("file-source/offsets/file-%04d.log", i);
        }
    }

    @Benchmark
    public void stage(Writer w) {
        ByteBuffer.wrap(w.value).putLong(0, ++w.n);
        w.key = (w.key + 617) % KEYS;
        committer.stage(keys[w.key], w.value);
    }

    @TearDown(Level.Trial)
    public void close() {
        committer.close();
        System.out.printf(
                "%n[group commit] staged %,d updates, committed %,d batches / %,d coalesced updates,"
                        + " %d failed commits%n",
                committer.stagedUpdates(),
                committer.committedBatches(),
                committer.committedUpdates(),
                committer.failedCommits());
        if (store.scan("file-source/offsets/").size() != KEYS) {
            throw new IllegalStateException("not every key was committed");
        }
        store.close();
        BenchDirs.delete(dir);
    }
}
