/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.filesource.assign;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.filesource.identity.FileKey;
import org.junit.jupiter.api.Test;

class TaskAssignmentTest {

    @Test
    void everyFileBelongsToExactlyOneTask() {
        for (long ino = 1; ino < 2000; ino++) {
            FileKey k = new FileKey(2049, ino);
            int owners = 0;
            for (int t = 0; t < 4; t++) {
                owners += new TaskAssignment(t, 4).owns(k) ? 1 : 0;
            }
            assertThat(owners).isEqualTo(1);
        }
    }

    @Test
    void filesSpreadOverTasks() {
        int[] counts = new int[4];
        for (long ino = 1; ino <= 4000; ino++) {
            counts[TaskAssignment.ownerOf(new FileKey(2049, ino), 4)]++;
        }
        for (int c : counts) {
            assertThat(c).isBetween(800, 1200);
        }
    }

    @Test
    void resplitMovesOnlyFilesToTheNewTask() {
        int moved = 0;
        for (long ino = 1; ino <= 3000; ino++) {
            FileKey k = new FileKey(64768, ino * 7919);
            int before = TaskAssignment.ownerOf(k, 3);
            int after = TaskAssignment.ownerOf(k, 4);
            if (before != after) {
                moved++;
                assertThat(after).isEqualTo(3);
            }
        }
        assertThat(moved).isBetween(600, 900); // about 1/4
    }
}
