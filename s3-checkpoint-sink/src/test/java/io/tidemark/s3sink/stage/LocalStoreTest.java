/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.s3sink.stage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.s3sink.TopicPartitionId;
import io.tidemark.s3sink.remote.ChecksumAlgorithm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalStoreTest {

    @TempDir
    Path tmp;

    @Test
    void chargesStagedBytesAgainstTheQuotaAndGivesThemBackOnRelease() {
        LocalStore store = new LocalStore(tmp.resolve("s"), 1000, 64);
        StagedChunk c = store.open(new TopicPartitionId("t", 0), ChecksumAlgorithm.CRC32C);
        for (int i = 0; i < 9; i++) {
            c.append(i, null, new byte[100]);
        }
        assertThat(store.overQuota()).isFalse();
        c.append(9, null, new byte[100]);
        assertThat(store.overQuota()).isTrue();
        SealedChunk sealed = c.seal();
        assertThat(sealed.file()).hasSize(1000);
        assertThat(sealed.records()).isEqualTo(10);
        store.release(sealed.file());
        assertThat(store.usedBytes()).isZero();
        assertThat(store.belowResumeMark()).isTrue();
    }

    @Test
    void janitorEmptiesItsDirectoryAtStartAndLeavesLockedSiblingsAlone() throws Exception {
        Path root = tmp.resolve("scratch");
        Files.createDirectories(root.resolve("task-0"));
        Files.writeString(root.resolve("task-0/t-0-1.stage"), "leftover");
        Files.createDirectories(root.resolve("task-7"));
        Files.writeString(root.resolve("task-7/t-1-1.stage"), "abandoned by a task that no longer runs");
        try (ScratchJanitor other = new ScratchJanitor(root, "task-1")) {
            Files.writeString(root.resolve("task-1/live.stage"), "belongs to a running task");
            try (ScratchJanitor j = new ScratchJanitor(root, "task-0")) {
                assertThat(j.cleanAtStart()).isEqualTo(2);
                assertThat(root.resolve("task-1/live.stage")).exists();
                assertThatThrownBy(() -> new ScratchJanitor(root, "task-0")).isInstanceOf(IllegalStateException.class);

                LocalStore store = new LocalStore(j.ownDirectory(), Long.MAX_VALUE, 64);
                StagedChunk live = store.open(new TopicPartitionId("t", 0), ChecksumAlgorithm.CRC32C);
                live.append(0, null, new byte[10]);
                Files.writeString(j.ownDirectory().resolve("finished.chunk"), "left by a failed upload");
                assertThat(j.sweep(store)).isEqualTo(1);
                assertThat(live.file()).exists();
            }
        }
        try (Stream<Path> files = Files.list(root.resolve("task-7"))) {
            assertThat(files.map(p -> p.getFileName().toString())).containsOnly(".lock");
        }
    }

    /** A directory not emptied after a crash still holds files with the names a new instance would pick first. */
    @Test
    void skipsNamesLeftByAnEarlierInstanceOfTheDirectory() throws Exception {
        Path dir = tmp.resolve("again");
        LocalStore first = new LocalStore(dir, 1 << 20, 64);
        TopicPartitionId tp = new TopicPartitionId("t", 0);
        first.open(tp, ChecksumAlgorithm.CRC32C).append(0, null, new byte[] {1});
        // second will take sequence 2 for its chunk (1 is taken) and would take 3 for a compressed copy
        Path leftover = dir.resolve("t-0-5-3.chunk");
        Files.write(leftover, new byte[] {2});

        LocalStore second = new LocalStore(dir, 1 << 20, 64);
        StagedChunk c = second.open(tp, ChecksumAlgorithm.CRC32C);
        c.append(0, null, new byte[] {3});
        assertThat(c.file().getFileName().toString()).isEqualTo("t-0-2.stage");
        Path compressed = second.newFile("t-0-5");
        assertThat(compressed.getFileName().toString()).isEqualTo("t-0-5-4.chunk");
        assertThat(c.seal().file()).hasBinaryContent(new byte[] {3});
        assertThat(leftover).hasBinaryContent(new byte[] {2});
    }
}
