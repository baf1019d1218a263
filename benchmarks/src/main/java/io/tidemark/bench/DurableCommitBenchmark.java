/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.bench;

import io.tidemark.store.Durability;
import io.tidemark.store.StoreIdentity;
import io.tidemark.store.lmdb.LmdbCheckpointStore;
import io.tidemark.store.lmdb.LmdbStoreOptions;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
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

/**
 * Commits per second of one 100-byte position, one commit per operation, single thread:
 * <ul>
 *   <li>{@code lmdb-sync}: {@link LmdbCheckpointStore} with {@link Durability#SYNC_EACH_COMMIT}
 *       (durable when commit returns);</li>
 *   <li>{@code atomic-file}: the atomic-file baseline: temp file + fsync + rename + directory fsync (durable);</li>
 *   <li>{@code lmdb-nosync}: {@link Durability#SYNC_PERIODIC} (survives a process crash, synced
 *       every second).</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class DurableCommitBenchmark {

    private static final StoreIdentity ID = new StoreIdentity("bench", 1);

    @Param({"lmdb-sync", "atomic-file", "lmdb-nosync"})
    public String store;

    private Path dir;
    private LmdbCheckpointStore lmdb;
    private AtomicFileCheckpoint file;
    private final byte[] value = new byte[100];
    private long seq;

    @Setup(Level.Trial)
    public void open() throws IOException {
        dir = BenchDirs.create("tidemark-commit-");
        switch (store) {
            case "lmdb-sync" ->
                lmdb = LmdbCheckpointStore.open(
                        dir, ID, LmdbStoreOptions.defaults().withDurability(Durability.SYNC_EACH_COMMIT));
            case "lmdb-nosync" ->
                lmdb = LmdbCheckpointStore.open(
                        dir, ID, LmdbStoreOptions.defaults().withDurability(Durability.SYNC_PERIODIC));
            case "atomic-file" -> file = new AtomicFileCheckpoint(dir, "position.ckpt");
            default -> throw new IllegalArgumentException(store);
        }
    }

    @Benchmark
    public void commit() throws IOException {
        ByteBuffer.wrap(value).putLong(0, ++seq);
        if (lmdb != null) {
            lmdb.put("source/position", value);
        } else {
            file.write(value);
        }
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        long stored = lmdb != null
                ? ByteBuffer.wrap(lmdb.get("source/position").orElseThrow()).getLong()
                : ByteBuffer.wrap(file.read()).getLong();
        if (stored != seq) {
            throw new IllegalStateException("last commit not readable: stored " + stored + ", committed " + seq);
        }
        if (lmdb != null) {
            lmdb.close();
        }
        BenchDirs.delete(dir);
    }
}
