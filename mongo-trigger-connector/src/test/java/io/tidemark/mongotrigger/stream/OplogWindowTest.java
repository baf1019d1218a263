/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.mongotrigger.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.bson.BsonDocument;
import org.bson.BsonString;
import org.bson.BsonTimestamp;
import org.junit.jupiter.api.Test;

class OplogWindowTest {

    /** A clock the test moves. */
    static final class TestClock extends Clock {
        long millis;

        TestClock(long millis) {
            this.millis = millis;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis);
        }
    }

    private static final long NOW_SECONDS = 1_800_000_000L;

    @Test
    void windowAndHeadroomComeFromTheOldestEntryAndTheCheckpointsClusterTime() {
        TestClock clock = new TestClock(NOW_SECONDS * 1000);
        // the oplog holds 10 hours; the checkpoint is 2 hours old, so 8 hours of headroom
        OplogWindow w = new OplogWindow(
                () -> Optional.of(new BsonTimestamp((int) (NOW_SECONDS - 36_000), 1)),
                () -> OptionalLong.of(NOW_SECONDS - 7_200),
                clock,
                Duration.ofSeconds(60));
        assertThat(w.windowMillis()).as("before the first sample").isEqualTo(-1);
        w.maybeSample();
        assertThat(w.windowMillis()).isEqualTo(36_000_000L);
        assertThat(w.headroomMillis()).isEqualTo(28_800_000L);
        clock.millis += 60_000;
        assertThat(w.windowMillis())
                .as("the window grows with the clock until the next sample")
                .isEqualTo(36_060_000L);
    }

    @Test
    void theOldestEntryIsReadAtMostOncePerInterval() {
        TestClock clock = new TestClock(NOW_SECONDS * 1000);
        AtomicInteger reads = new AtomicInteger();
        OplogWindow w = new OplogWindow(
                () -> {
                    reads.incrementAndGet();
                    return Optional.of(new BsonTimestamp((int) NOW_SECONDS - 100, 0));
                },
                OptionalLong::empty,
                clock,
                Duration.ofSeconds(60));
        w.maybeSample();
        w.maybeSample();
        clock.millis += 59_999;
        w.maybeSample();
        assertThat(reads).hasValue(1);
        clock.millis += 1;
        w.maybeSample();
        assertThat(reads).hasValue(2);
    }

    @Test
    void aServerWithoutAReadableOplogReadsMinusOneAndAFailedReadNeverEscapes() {
        TestClock clock = new TestClock(NOW_SECONDS * 1000);
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        AtomicReference<Optional<BsonTimestamp>> answer =
                new AtomicReference<>(Optional.of(new BsonTimestamp((int) NOW_SECONDS - 100, 0)));
        OplogWindow w = new OplogWindow(
                () -> {
                    if (failure.get() != null) {
                        throw failure.get();
                    }
                    return answer.get();
                },
                () -> OptionalLong.of(NOW_SECONDS - 50),
                clock,
                Duration.ofSeconds(1));
        w.maybeSample();
        assertThat(w.headroomMillis()).isEqualTo(50_000L);

        failure.set(new IllegalStateException("not authorized on local to execute command"));
        clock.millis += 1_000;
        w.maybeSample();
        assertThat(w.windowMillis()).as("a failed read forgets the old figure").isEqualTo(-1);
        assertThat(w.headroomMillis()).isEqualTo(-1);

        failure.set(null);
        answer.set(Optional.empty());
        clock.millis += 1_000;
        w.maybeSample();
        assertThat(w.windowMillis()).isEqualTo(-1);
    }

    @Test
    void aCheckpointWithoutAReadableClusterTimeHasNoHeadroomFigure() {
        OplogWindow w = new OplogWindow(
                () -> Optional.of(new BsonTimestamp((int) NOW_SECONDS - 100, 0)),
                OptionalLong::empty,
                new TestClock(NOW_SECONDS * 1000),
                Duration.ofSeconds(1));
        w.maybeSample();
        assertThat(w.windowMillis()).isEqualTo(100_000L);
        assertThat(w.headroomMillis()).isEqualTo(-1);
    }

    @Test
    void resumeTokensOfMongoDbCarryTheirClusterTime() {
        // a token as MongoDB 4.2+ writes it: 0x82, then seconds 0x63515979 and increment 2
        BsonDocument token = new BsonDocument(
                "_data", new BsonString("8263515979000000022B022C0100296E5A1004A5093ABB38FE4B9EA67F01BB1A96D812463C"));
        assertThat(ResumeTokens.clusterTimeSeconds(token)).hasValue(0x63515979L);
        // mongo-java-server: the timestamp alone (seconds 0x6b115511, increment 2)
        assertThat(ResumeTokens.clusterTimeSeconds(new BsonDocument("_data", new BsonString("6b11551100000002"))))
                .hasValue(0x6b115511L);
        assertThat(ResumeTokens.clusterTimeSeconds(new BsonDocument("_data", new BsonString("0123"))))
                .isEmpty();
        assertThat(ResumeTokens.clusterTimeSeconds(new BsonDocument("_id", new BsonString("x"))))
                .isEmpty();
        assertThat(ResumeTokens.clusterTimeSeconds(null)).isEmpty();
    }
}
