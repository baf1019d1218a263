/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.mongotrigger.checkpoint;

import static io.tidemark.mongotrigger.checkpoint.Tokens.token;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class AcknowledgedPositionsTest {

    @Test
    void positionNeverRunsAheadOfAnUnacknowledgedRecord() {
        AcknowledgedPositions acks = new AcknowledgedPositions(Optional.empty());
        acks.emitted(1, token("01"));
        acks.emitted(2, token("02"));
        acks.emitted(3, token("03"));

        assertThat(acks.acknowledged(3)).isZero();
        assertThat(acks.committable()).isEmpty();
        assertThat(acks.acknowledged(1)).isOne();
        assertThat(acks.committable()).contains(new Position(token("01"), 1));
        assertThat(acks.acknowledged(2)).isEqualTo(2);
        assertThat(acks.committable()).contains(new Position(token("03"), 3));
        assertThat(acks.updates()).isEqualTo(3);
        assertThat(acks.inFlight()).isZero();
    }

    @Test
    void unknownAcknowledgementsAreIgnored() {
        AcknowledgedPositions acks = new AcknowledgedPositions(Optional.of(new Position(token("00"), 0)));
        acks.acknowledged(42);
        assertThat(acks.committable()).contains(new Position(token("00"), 0));
    }
}
