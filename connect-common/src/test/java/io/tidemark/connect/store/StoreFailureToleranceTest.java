/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.connect.store;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.connect.errors.TidemarkException;
import io.tidemark.store.CheckpointStoreException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class StoreFailureToleranceTest {

    private final AtomicLong now = new AtomicLong(1_000);
    private final StoreFailureTolerance tolerance =
            new StoreFailureTolerance(Duration.ofSeconds(30), now::get, "the checkpoint store of 'logs'");
    private final Optional<RuntimeException> diskFull = Optional.of(new CheckpointStoreException("MDB_MAP_FULL"));

    @Test
    void aStoreFailingShorterThanTheTimeoutDoesNotFailTheTask() {
        tolerance.check(diskFull);
        now.addAndGet(29_000);
        assertThatCode(() -> tolerance.check(diskFull)).doesNotThrowAnyException();
    }

    @Test
    void aStoreFailingLongerThanTheTimeoutFailsTheTaskNamingTheStoreAndTheSetting() {
        tolerance.check(diskFull);
        now.addAndGet(30_000);
        assertThatThrownBy(() -> tolerance.check(diskFull))
                .isInstanceOf(TidemarkException.class)
                .hasMessageContaining("The checkpoint store of 'logs' has refused commits for 30000 ms")
                .hasMessageContaining("checkpoint.store.failure.timeout.ms")
                .hasMessageContaining("MDB_MAP_FULL")
                .satisfies(e -> org.assertj.core.api.Assertions.assertThat(((TidemarkException) e).isRetriable())
                        .isFalse());
    }

    @Test
    void aSuccessfulCommitRestartsTheClock() {
        tolerance.check(diskFull);
        now.addAndGet(20_000);
        tolerance.check(Optional.empty());
        tolerance.check(diskFull);
        now.addAndGet(20_000);
        assertThatCode(() -> tolerance.check(diskFull)).doesNotThrowAnyException();
    }
}
