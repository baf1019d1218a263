/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.store.lmdb;

import io.tidemark.store.CheckpointStore;
import io.tidemark.store.CheckpointStoreContract;
import io.tidemark.store.StoreIdentity;
import io.tidemark.store.WriteBatch;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract against {@link LmdbCheckpointStore}. The map starts at 64 KiB and may grow to 8 MiB,
 * so ordinary tests exercise growth and a batch with 12 MiB of ballast cannot fit (MapFull).
 */
class LmdbCheckpointStoreTest extends CheckpointStoreContract {

    static final LmdbStoreOptions SMALL = LmdbStoreOptions.defaults().withMapSize(64 * 1024, 8L << 20);

    @TempDir
    Path tmp;

    private final AtomicInteger dirs = new AtomicInteger();

    @Override
    protected CheckpointStore open(StoreIdentity identity) {
        return LmdbCheckpointStore.open(tmp.resolve("store-" + dirs.incrementAndGet()), identity, SMALL);
    }

    @Override
    protected CheckpointStore reopen(CheckpointStore store, StoreIdentity identity) {
        Path dir = ((LmdbCheckpointStore) store).directory();
        store.close();
        return LmdbCheckpointStore.open(dir, identity, SMALL);
    }

    @Override
    protected void makeCommitFail(CheckpointStore store, WriteBatch batch) {
        for (int i = 0; i < 12; i++) {
            batch.put("zz-ballast/" + i, new byte[1 << 20]);
        }
    }
}
