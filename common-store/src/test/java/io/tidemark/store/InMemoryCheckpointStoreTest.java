/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.store;

/** The contract against {@link InMemoryCheckpointStore}; failures are injected. */
class InMemoryCheckpointStoreTest extends CheckpointStoreContract {

    @Override
    protected CheckpointStore open(StoreIdentity identity) {
        return new InMemoryCheckpointStore(identity);
    }

    @Override
    protected CheckpointStore reopen(CheckpointStore store, StoreIdentity identity) {
        store.close();
        return InMemoryCheckpointStore.reopen((InMemoryCheckpointStore) store, identity);
    }

    @Override
    protected void makeCommitFail(CheckpointStore store, WriteBatch batch) {
        ((InMemoryCheckpointStore) store).failNextCommits(1);
    }
}
