/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.connect.retry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void growsExponentiallyUpToTheCapWithJitterAndResets() {
        Backoff top = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), () -> 0.999999);
        assertThat(top.next().toMillis()).isEqualTo(99);
        assertThat(top.next().toMillis()).isEqualTo(199);
        assertThat(top.next().toMillis()).isEqualTo(399);
        assertThat(top.next().toMillis()).isEqualTo(799);
        assertThat(top.next().toMillis()).isEqualTo(999);
        assertThat(top.attempts()).isEqualTo(5);
        top.reset();
        assertThat(top.next().toMillis()).isEqualTo(99);

        Backoff bottom = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), () -> 0.0);
        assertThat(bottom.next().toMillis()).isEqualTo(50);
        assertThat(bottom.next().toMillis()).isEqualTo(100);
    }

    @Test
    void delayIsStatelessPerRetryNumberAndZeroWhenTheFloorIsZero() {
        Backoff b = new Backoff(Duration.ofMillis(50), Duration.ofMillis(500), () -> 0.0);
        assertThat(b.delay(1).toMillis()).isEqualTo(25);
        assertThat(b.delay(3).toMillis()).isEqualTo(100);
        assertThat(b.delay(30).toMillis()).isEqualTo(250);
        assertThat(b.attempts()).isZero();
        assertThat(new Backoff(Duration.ZERO, Duration.ZERO, () -> 0.5).delay(4))
                .isEqualTo(Duration.ZERO);
    }
}
