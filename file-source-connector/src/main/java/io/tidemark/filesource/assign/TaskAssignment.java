/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.filesource.assign;

import io.tidemark.filesource.identity.FileKey;

/**
 * Which task owns a file: rendezvous (highest random weight) hashing of the file's device and
 * inode over the task indexes. A file keeps its task while it is renamed (rotation does not move
 * it), every file belongs to exactly one task, and when the number of tasks changes only the files
 * whose winning task disappeared or a new task won move (about 1/n of them).
 */
public final class TaskAssignment {

    private final int taskIndex;
    private final int taskCount;

    public TaskAssignment(int taskIndex, int taskCount) {
        if (taskCount < 1 || taskIndex < 0 || taskIndex >= taskCount) {
            throw new IllegalArgumentException("task " + taskIndex + " of " + taskCount + " is not a valid assignment");
        }
        this.taskIndex = taskIndex;
        this.taskCount = taskCount;
    }

    public static TaskAssignment single() {
        return new TaskAssignment(0, 1);
    }

    public int taskIndex() {
        return taskIndex;
    }

    public int taskCount() {
        return taskCount;
    }

    public boolean owns(FileKey key) {
        return ownerOf(key, taskCount) == taskIndex;
    }

    /** The index of the task that owns {@code key} among {@code taskCount} tasks. */
    public static int ownerOf(FileKey key, int taskCount) {
        int best = 0;
        long bestWeight = Long.MIN_VALUE;
        long k = mix(mix(key.dev()) ^ key.ino());
        for (int t = 0; t < taskCount; t++) {
            long w = mix(k ^ (t + 1) * 0xC2B2AE3D27D4EB4FL);
            if (w > bestWeight) {
                bestWeight = w;
                best = t;
            }
        }
        return best;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
