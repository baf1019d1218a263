package io.tidemark.mongotrigger.stream;

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
}
