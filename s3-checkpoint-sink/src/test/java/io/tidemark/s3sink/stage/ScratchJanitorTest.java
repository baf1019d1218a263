/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.s3sink.stage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScratchJanitorTest {

    @TempDir
    Path tmp;

    /**
     * The previous owner of the task on this host still holds the scratch lock (frozen, or not yet
     * stopped after a rebalance): the new owner stages in a directory of its own instead of failing.
     */
    @Test
    void aTaskWhoseScratchDirectoryIsLockedElsewhereStagesInItsOwnDirectory() throws Exception {
        Path root = tmp.resolve("scratch");
        Files.createDirectories(root.resolve("task-0"));
        try (FileChannel other = FileChannel.open(
                root.resolve("task-0").resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            FileLock held = other.lock();
            assertThat(held.isValid()).isTrue();
            try (ScratchJanitor j = ScratchJanitor.claim(root, "task-0")) {
                assertThat(j.ownDirectory().getFileName().toString())
                        .isEqualTo("task-0-pid" + ProcessHandle.current().pid());
                assertThat(j.ownDirectory()).isDirectory();
                Files.write(j.ownDirectory().resolve("t-0-1.stage"), new byte[10]);
            }
        }
        try (ScratchJanitor j = ScratchJanitor.claim(root, "task-0")) {
            assertThat(j.ownDirectory().getFileName().toString()).isEqualTo("task-0");
            assertThat(j.cleanAtStart())
                    .as("the abandoned fallback directory's staged file")
                    .isEqualTo(1);
            assertThat(root.resolve("task-0-pid" + ProcessHandle.current().pid())
                            .resolve("t-0-1.stage"))
                    .doesNotExist();
        }
    }
}
