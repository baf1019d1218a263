package io.tidemark.mongotrigger.checkpoint;

import static io.tidemark.mongotrigger.checkpoint.StartupTableTest.token;
import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.store.CorruptRecordPolicy;
import io.tidemark.store.InMemoryCheckpointStore;
import io.tidemark.store.StoreIdentity;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PositionReconcilerTest {

    final InMemoryCheckpointStore store = new InMemoryCheckpointStore(new StoreIdentity("mongo-trigger", 1));
    final LocalCheckpoint local = new LocalCheckpoint(store, "sys/checkpoints/trigger_evaluator");

    Resolution resolve(Optional<Position> connect) {
        return PositionReconciler.resolve(connect, local, CorruptRecordPolicy.TREAT_AS_MISSING, 100L);
    }

    @Test
    void newerLocalWins() {
        local.write(new Position(token("02"), 20), 1L);
        Resolution r = resolve(Optional.of(new Position(token("01"), 10)));
        assertThat(r.source()).isEqualTo(Resolution.Source.LOCAL);
        assertThat(r.position()).contains(new Position(token("02"), 20));
        assertThat(r.nextSeq()).isEqualTo(21);
    }

    @Test
    void newerConnectWins() {
        local.write(new Position(token("01"), 10), 1L);
        Resolution r = resolve(Optional.of(new Position(token("02"), 20)));
        assertThat(r.source()).isEqualTo(Resolution.Source.CONNECT);
        assertThat(r.position()).contains(new Position(token("02"), 20));
    }

    @Test
    void emptyLocalStoreResumesFromConnect() {
        Resolution r = resolve(Optional.of(new Position(token("05"), 5)));
        assertThat(r.source()).isEqualTo(Resolution.Source.CONNECT);
        assertThat(r.position()).contains(new Position(token("05"), 5));
    }

    @Test
    void nothingAnywhereIsNone() {
        assertThat(resolve(Optional.empty()).source()).isEqualTo(Resolution.Source.NONE);
    }

    @Test
    void operatorPatchWinsOverNewerLocalAndIsCopiedToTheStore() {
        local.write(new Position(token("09"), 90), 1L);
        local.markOperatorChange("PATCH");

        Resolution r = resolve(Optional.of(new Position(token("03"), 0)));

        assertThat(r.source()).isEqualTo(Resolution.Source.OPERATOR_RESET);
        assertThat(r.position()).contains(new Position(token("03"), 0));
        assertThat(r.nextSeq()).isEqualTo(91);
        assertThat(local.operatorChange()).isEmpty();
        assertThat(local.read()).isInstanceOfSatisfying(LocalCheckpoint.State.Present.class,
                p -> assertThat(p.checkpoint().tokenDocument()).isEqualTo(token("03")));
        // the next start does not see the marker again: local (seq 0) vs a newer Connect offset
        assertThat(resolve(Optional.of(new Position(token("04"), 92))).source()).isEqualTo(Resolution.Source.CONNECT);
    }

    @Test
    void operatorDeleteWinsAndClearsTheLocalCheckpoint() {
        local.write(new Position(token("09"), 90), 1L);
        local.markOperatorChange("DELETE");

        Resolution r = resolve(Optional.empty());

        assertThat(r.source()).isEqualTo(Resolution.Source.NONE);
        assertThat(r.position()).isEmpty();
        assertThat(local.read()).isInstanceOf(LocalCheckpoint.State.Missing.class);
    }
}
