/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.s3sink.rotation;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.s3sink.TopicPartitionId;
import io.tidemark.s3sink.remote.ChecksumAlgorithm;
import io.tidemark.s3sink.stage.LocalStore;
import io.tidemark.s3sink.stage.StagedChunk;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RotationPlannerTest {

    @TempDir
    Path tmp;

    /** Replays records (offset, timestamp, size) through the planner; returns the chunk start offsets. */
    private List<Long> chunkStarts(RotationPlanner planner, long[][] records) {
        LocalStore store = new LocalStore(tmp.resolve("s" + System.nanoTime()), Long.MAX_VALUE, 1024);
        TopicPartitionId tp = new TopicPartitionId("t", 0);
        List<Long> starts = new ArrayList<>();
        StagedChunk open = null;
        for (long[] r : records) {
            if (planner.sealBefore(open, r[1]) != null) {
                open.seal();
                open = null;
            }
            if (open == null) {
                open = store.open(tp, ChecksumAlgorithm.CRC32C);
                starts.add(r[0]);
            }
            open.append(r[0], r[1], new byte[(int) r[2]]);
            if (planner.sealAfter(open) != null) {
                open.seal();
                open = null;
            }
        }
        return starts;
    }

    @Test
    void recordCountAndByteLimitsSealAfterTheRecordThatReachesThem() {
        long[][] recs = new long[10][];
        for (int i = 0; i < 10; i++) {
            recs[i] = new long[] {i, 0, 10};
        }
        assertThat(chunkStarts(new RotationPlanner(new RotationPolicy(4, 0, 0, 0)), recs))
                .containsExactly(0L, 4L, 8L);
        assertThat(chunkStarts(new RotationPlanner(new RotationPolicy(0, 25, 0, 0)), recs))
                .containsExactly(0L, 3L, 6L, 9L);
    }

    @Test
    void recordTimeWindowsAreAlignedAndTheSameOnReplay() {
        long[][] recs = {{0, 990, 1}, {1, 1500, 1}, {2, 2001, 1}, {3, 1999, 1}, {4, 4100, 1}};
        RotationPlanner p = new RotationPlanner(new RotationPolicy(0, 0, 1000, 0));
        List<Long> first = chunkStarts(p, recs);
        assertThat(first).containsExactly(0L, 1L, 2L, 4L);
        assertThat(chunkStarts(p, recs)).isEqualTo(first);
    }

    @Test
    void wallClockRotationSealsOnlyNonEmptyChunksOpenLongEnough() {
        RotationPlanner p = new RotationPlanner(new RotationPolicy(0, 0, 0, 1000));
        LocalStore store = new LocalStore(tmp.resolve("w"), Long.MAX_VALUE, 1024);
        StagedChunk c = store.open(new TopicPartitionId("t", 0), ChecksumAlgorithm.CRC32C);
        assertThat(p.sealOnClock(c, c.openedAtMillis() + 5000)).isNull();
        c.append(0, null, new byte[1]);
        assertThat(p.sealOnClock(c, c.openedAtMillis() + 999)).isNull();
        assertThat(p.sealOnClock(c, c.openedAtMillis() + 1000)).isEqualTo(RotationPlanner.Reason.WALL_CLOCK);
    }
}
