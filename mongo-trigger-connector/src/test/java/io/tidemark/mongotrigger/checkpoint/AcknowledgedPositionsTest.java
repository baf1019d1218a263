package io.tidemark.mongotrigger.checkpoint;

import static io.tidemark.mongotrigger.checkpoint.StartupTableTest.token;
import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.store.InMemoryCheckpointStore;
import io.tidemark.store.StoreIdentity;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AcknowledgedPositionsTest {

    @Test
    void positionNeverRunsAheadOfAnUnacknowledgedRecord() {
        AcknowledgedPositions acks = new AcknowledgedPositions(Optional.empty());
        acks.emitted(1, token("01"));
        acks.emitted(2, token("02"));
        acks.emitted(3, token("03"));

        acks.acknowledged(3);
        assertThat(acks.committable()).isEmpty();
        acks.acknowledged(1);
        assertThat(acks.committable()).contains(new Position(token("01"), 1));
        acks.acknowledged(2);
        assertThat(acks.committable()).contains(new Position(token("03"), 3));
        assertThat(acks.inFlight()).isZero();
    }

    @Test
    void unknownAcknowledgementsAreIgnored() {
        AcknowledgedPositions acks = new AcknowledgedPositions(Optional.of(new Position(token("00"), 0)));
        acks.acknowledged(42);
        assertThat(acks.committable()).contains(new Position(token("00"), 0));
    }

    @Test
    void groupCommitWritesOnlyAcknowledgedPositions() {
        InMemoryCheckpointStore store = new InMemoryCheckpointStore(new StoreIdentity("t", 1));
        LocalCheckpoint local = new LocalCheckpoint(store, "k");
        AcknowledgedPositions acks = new AcknowledgedPositions(Optional.empty());
        try (GroupCommitWriter writer = new GroupCommitWriter(local, acks, Duration.ofHours(1), 1000,
                Clock.systemUTC(), "test-writer")) {
            acks.emitted(1, token("01"));
            acks.emitted(2, token("02"));
            writer.flush();
            assertThat(local.read()).isInstanceOf(LocalCheckpoint.State.Missing.class);

            acks.acknowledged(1);
            writer.flush();
            assertThat(local.read()).isInstanceOfSatisfying(LocalCheckpoint.State.Present.class,
                    p -> assertThat(p.seq()).isEqualTo(1));

            store.failNextCommits(1);
            acks.acknowledged(2);
            writer.acknowledged();
            try {
                writer.flush();
            } catch (RuntimeException expected) {
                // the store refused; the writer keeps the old position and retries
            }
            assertThat(writer.written()).contains(new Position(token("01"), 1));
            writer.flush();
            assertThat(writer.written()).contains(new Position(token("02"), 2));
        }
        assertThat(local.read()).isInstanceOfSatisfying(LocalCheckpoint.State.Present.class,
                p -> assertThat(p.checkpoint().tokenDocument()).isEqualTo(token("02")));
    }

    @Test
    void groupCommitFlushesEarlyAfterMaxUpdates() throws Exception {
        InMemoryCheckpointStore store = new InMemoryCheckpointStore(new StoreIdentity("t", 1));
        LocalCheckpoint local = new LocalCheckpoint(store, "k");
        AcknowledgedPositions acks = new AcknowledgedPositions(Optional.empty());
        try (GroupCommitWriter writer = new GroupCommitWriter(local, acks, Duration.ofHours(1), 3,
                Clock.systemUTC(), "test-writer")) {
            for (int i = 1; i <= 3; i++) {
                acks.emitted(i, token("0" + i));
                acks.acknowledged(i);
                writer.acknowledged();
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (writer.written().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(writer.written()).contains(new Position(token("03"), 3));
        }
    }
}
