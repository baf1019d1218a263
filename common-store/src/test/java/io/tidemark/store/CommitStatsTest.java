/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.store.lmdb.LmdbCheckpointStore;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommitStatsTest {

    @TempDir
    Path dir;

    @Test
    void anLmdbStoreCountsItsCommitsAndTheirUpdates() {
        try (LmdbCheckpointStore store = LmdbCheckpointStore.open(dir, new StoreIdentity("test/stats", 1))) {
            assertThat(store.commitStats().lastCommitAgeMillis()).isEqualTo(-1);
            store.commit(WriteBatch.create().put("a", new byte[] {1}).put("b", new byte[] {2}));
            store.put("c", new byte[] {3});
            CommitStats s = store.commitStats();
            assertThat(s.commits()).isEqualTo(2);
            assertThat(s.updates()).isEqualTo(3);
            assertThat(s.failures()).isZero();
            assertThat(s.lastCommitAgeMillis()).isBetween(0L, 10_000L);
            assertThat(s.latencyMaxMillis()).isGreaterThan(0).isGreaterThanOrEqualTo(s.latencyAvgMillis());
        }
    }

    @Test
    void aFailedCommitIsCountedAndLeavesTheLastCommitTimeAlone() {
        InMemoryCheckpointStore store = new InMemoryCheckpointStore(new StoreIdentity("test/failing", 1));
        store.failNextCommits(1);
        assertThatThrownBy(() -> store.put("a", new byte[] {1})).isInstanceOf(CheckpointStoreException.class);
        assertThat(store.commitStats().failures()).isEqualTo(1);
        assertThat(store.commitStats().commits()).isZero();
        assertThat(store.commitStats().lastCommitAgeMillis()).isEqualTo(-1);
    }

    @Test
    void latencyFiguresCoverOnlyTheRecentWindow() {
        AtomicLong now = new AtomicLong(1_000);
        CommitStats s = new CommitStats(now::get);
        s.committed(1, 50_000_000L); // one slow commit, then a window of fast ones
        for (int i = 0; i < CommitStats.LATENCY_WINDOW; i++) {
            s.committed(1, 1_000_000L);
        }
        assertThat(s.latencyMaxMillis()).isEqualTo(1.0);
        assertThat(s.latencyAvgMillis()).isEqualTo(1.0);
        now.addAndGet(2_500);
        assertThat(s.lastCommitAgeMillis()).isEqualTo(2_500);
    }
}
