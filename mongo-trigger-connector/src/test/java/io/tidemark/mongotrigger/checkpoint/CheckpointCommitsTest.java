/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.mongotrigger.checkpoint;

import static io.tidemark.mongotrigger.checkpoint.Tokens.token;
import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.store.GroupCommitter;
import io.tidemark.store.InMemoryCheckpointStore;
import io.tidemark.store.StoreIdentity;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The acknowledged prefix, group-committed through the shared GroupCommitter in the seed's format. */
class CheckpointCommitsTest {

    final InMemoryCheckpointStore store = new InMemoryCheckpointStore(new StoreIdentity("t", 1));
    final LocalCheckpoint local = new LocalCheckpoint(store, "sys/checkpoints/trigger_evaluator");
    final Clock clock = Clock.fixed(Instant.ofEpochSecond(1_700_000_000L), ZoneOffset.UTC);

    CheckpointCommits commits(AcknowledgedPositions acks, Duration interval, int maxUpdates) {
        return new CheckpointCommits(local, acks, new GroupCommitter.Options(interval, maxUpdates), clock);
    }

    /** Two records in flight, nothing acknowledged yet. */
    static AcknowledgedPositions twoInFlight() {
        AcknowledgedPositions acks = new AcknowledgedPositions(Optional.empty());
        acks.emitted(1, token("01"));
        acks.emitted(2, token("02"));
        return acks;
    }

    @Test
    void groupCommitWritesOnlyAcknowledgedPositions() {
        try (CheckpointCommits commits = commits(twoInFlight(), Duration.ofHours(1), 1000)) {
            commits.flush();
            assertThat(local.read()).isInstanceOf(LocalCheckpoint.State.Missing.class);
            assertThat(commits.committed()).isEmpty();

            commits.acknowledged(2); // record 1 is still in flight
            commits.flush();
            assertThat(local.read()).isInstanceOf(LocalCheckpoint.State.Missing.class);

            commits.acknowledged(1);
            assertThat(commits.committed()).isEmpty(); // the view changes only after the commit
            commits.flush();
            assertThat(local.read())
                    .isInstanceOfSatisfying(LocalCheckpoint.State.Present.class, p -> assertThat(p.seq())
                            .isEqualTo(2));
            assertThat(commits.committed()).contains(new Position(token("02"), 2));
            // exactly the seed's record, with the sequence beside it
            assertThat(new String(store.get(local.key()).orElseThrow(), StandardCharsets.UTF_8))
                    .isEqualTo("{\"token\":\"{\\\"_data\\\": \\\"02\\\"}\",\"updatedAt\":1700000000}");
            assertThat(new String(store.get(local.seqKey()).orElseThrow(), StandardCharsets.UTF_8))
                    .isEqualTo("2");
        }
    }

    @Test
    void aRefusedCommitIsKeptAsTheFailureAndRetried() {
        try (CheckpointCommits commits = commits(twoInFlight(), Duration.ofHours(1), 1000)) {
            commits.acknowledged(1);
            commits.flush();

            store.failNextCommits(1);
            commits.acknowledged(2);
            try {
                commits.flush();
            } catch (RuntimeException expected) {
                // the store refused; the position stays pending and is retried
            }
            assertThat(commits.failure()).isPresent();
            assertThat(commits.committed()).contains(new Position(token("01"), 1));
            commits.flush();
            assertThat(commits.failure()).isEmpty();
            assertThat(commits.committed()).contains(new Position(token("02"), 2));
        }
        assertThat(local.read()).isInstanceOfSatisfying(LocalCheckpoint.State.Present.class, p -> assertThat(
                        p.checkpoint().tokenDocument())
                .isEqualTo(token("02")));
    }

    @Test
    void theStartingPositionIsNotWrittenAgain() {
        AcknowledgedPositions acks = new AcknowledgedPositions(Optional.of(new Position(token("05"), 5)));
        try (CheckpointCommits commits = commits(acks, Duration.ofHours(1), 1000)) {
            commits.flush();
            assertThat(local.read()).isInstanceOf(LocalCheckpoint.State.Missing.class);
            acks.emitted(6, token("06"));
            commits.acknowledged(6);
        }
        assertThat(LocalCheckpoint.position(local.read())).contains(new Position(token("06"), 6));
    }

    @Test
    void closeCommitsWhatIsAcknowledged() {
        AcknowledgedPositions acks = new AcknowledgedPositions(Optional.empty());
        CheckpointCommits commits = commits(acks, Duration.ofHours(1), 1000);
        acks.emitted(1, token("01"));
        commits.acknowledged(1);
        commits.close();
        assertThat(LocalCheckpoint.position(local.read())).contains(new Position(token("01"), 1));
    }

    @Test
    void groupCommitFlushesEarlyAfterMaxUpdates() throws Exception {
        AcknowledgedPositions acks = new AcknowledgedPositions(Optional.empty());
        try (CheckpointCommits commits = commits(acks, Duration.ofHours(1), 3)) {
            for (int i = 1; i <= 2; i++) {
                acks.emitted(i, token("0" + i));
                commits.acknowledged(i);
            }
            Thread.sleep(100);
            assertThat(commits.committed()).isEmpty();
            acks.emitted(3, token("03"));
            commits.acknowledged(3);
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (commits.committed().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(commits.committed()).contains(new Position(token("03"), 3));
        }
    }

    @Test
    void groupCommitFlushesAtTheInterval() throws Exception {
        AcknowledgedPositions acks = new AcknowledgedPositions(Optional.empty());
        try (CheckpointCommits commits = commits(acks, Duration.ofMillis(20), 1000)) {
            acks.emitted(1, token("01"));
            commits.acknowledged(1);
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (commits.committed().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(LocalCheckpoint.position(local.read())).contains(new Position(token("01"), 1));
        }
    }
}
