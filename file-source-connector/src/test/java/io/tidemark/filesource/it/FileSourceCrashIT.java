/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.filesource.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.stack.LocalStack;
import io.tidemark.stack.junit.LocalStackExtension;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * SIGKILL while a writer appends and rotates. CI: 3 kills, 10k lines, each mode. The full run
 * (20 kills, 100k lines, plus Kafka's FileStreamSourceConnector under the same schedule) is tagged
 * soak: {@code mvn -B -f file-source-connector verify -Psoak -Dit.test=FileSourceCrashIT}.
 */
@ExtendWith(LocalStackExtension.class)
class FileSourceCrashIT {

    /** Records a task may hold unacknowledged at a kill: one poll batch (plus one group-commit interval). */
    private static final int IN_FLIGHT_PER_KILL = 2000 + 200;

    @Test
    void exactlyOnceLosesAndRepeatsNothingAcrossKills(LocalStack stack) {
        CrashRun.Result r = CrashRun.run(stack, "eos", CrashRun.Connector.TIDEMARK, true, 3, 10_000, 2500, 500, 42);
        assertThat(r.lost()).as(r.line()).isZero();
        assertThat(r.duplicates()).as(r.line()).isZero();
    }

    @Test
    void atLeastOnceLosesNothingAndRepeatsAtMostTheInFlightRecords(LocalStack stack) {
        // keyless on 3 partitions: one file's lines are acknowledged out of order, the harder case
        CrashRun.Result r =
                CrashRun.run(stack, "alo", CrashRun.Connector.TIDEMARK_KEYLESS, false, 3, 10_000, 2500, 500, 43);
        assertThat(r.lost()).as(r.line()).isZero();
        assertThat(r.duplicates()).as(r.line()).isLessThanOrEqualTo((long) r.kills() * IN_FLIGHT_PER_KILL);
    }

    @Test
    @Tag("soak")
    void fullRunExactlyOnce(LocalStack stack) {
        CrashRun.Result r =
                CrashRun.run(stack, "soak-eos", CrashRun.Connector.TIDEMARK, true, 20, 100_000, 12_500, 800, 7);
        assertThat(r.lost()).as(r.line()).isZero();
        assertThat(r.duplicates()).as(r.line()).isZero();
    }

    @Test
    @Tag("soak")
    void fullRunAtLeastOnce(LocalStack stack) {
        CrashRun.Result r =
                CrashRun.run(stack, "soak-alo", CrashRun.Connector.TIDEMARK, false, 20, 100_000, 12_500, 800, 7);
        assertThat(r.lost()).as(r.line()).isZero();
        assertThat(r.duplicates()).as(r.line()).isLessThanOrEqualTo((long) r.kills() * IN_FLIGHT_PER_KILL);
    }

    /** The same schedule for Kafka's FileStreamSourceConnector (no rotation: it cannot follow one). Reported, not asserted. */
    @Test
    @Tag("soak")
    void fullRunFileStreamSourceForComparison(LocalStack stack) {
        CrashRun.Result r =
                CrashRun.run(stack, "soak-filestream", CrashRun.Connector.FILE_STREAM, false, 20, 100_000, 0, 800, 7);
        assertThat(r.records()).as(r.line()).isPositive();
    }

    @Test
    @Tag("soak")
    void fullRunTidemarkWithoutRotationForComparison(LocalStack stack) {
        CrashRun.Result r =
                CrashRun.run(stack, "soak-alo-norotate", CrashRun.Connector.TIDEMARK, false, 20, 100_000, 0, 800, 7);
        assertThat(r.lost()).as(r.line()).isZero();
    }
}
