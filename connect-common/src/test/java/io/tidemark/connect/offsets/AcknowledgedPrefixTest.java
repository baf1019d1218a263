/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.connect.offsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AcknowledgedPrefixTest {

    @Test
    void inOrderAcknowledgementsAdvanceOneByOne() {
        AcknowledgedPrefix<String> p = new AcknowledgedPrefix<>();
        p.emitted(1, "a");
        p.emitted(2, "b");
        assertThat(p.committable()).isNull();
        assertThat(p.acknowledged(1)).isTrue();
        assertThat(p.committable()).isEqualTo("a");
        assertThat(p.acknowledged(2)).isTrue();
        assertThat(p.committable()).isEqualTo("b");
        assertThat(p.committableSeq()).isEqualTo(2);
        assertThat(p.inFlight()).isZero();
    }

    @Test
    void aLaterAcknowledgementWaitsForAnEarlierRecordInFlight() {
        AcknowledgedPrefix<String> p = new AcknowledgedPrefix<>(10, "start");
        p.emitted(11, "a");
        p.emitted(12, "b");
        p.emitted(13, "c");
        assertThat(p.acknowledged(13)).isFalse();
        assertThat(p.acknowledged(12)).isFalse();
        assertThat(p.committable()).isEqualTo("start"); // 11 is still in flight: a crash now must re-send it
        assertThat(p.acknowledged(11)).isTrue();
        assertThat(p.committable()).isEqualTo("c");
        assertThat(p.advances()).isEqualTo(3);
    }

    @Test
    void unknownAndRepeatedSequencesAreIgnored() {
        AcknowledgedPrefix<String> p = new AcknowledgedPrefix<>();
        p.emitted(5, "a");
        assertThat(p.acknowledged(4)).isFalse();
        assertThat(p.acknowledged(5)).isTrue();
        assertThat(p.acknowledged(5)).isFalse();
        assertThat(p.committable()).isEqualTo("a");
    }

    @Test
    void sequencesMustIncrease() {
        AcknowledgedPrefix<String> p = new AcknowledgedPrefix<>(7, "x");
        assertThatThrownBy(() -> p.emitted(7, "y")).isInstanceOf(IllegalArgumentException.class);
        p.emitted(9, "y"); // gaps are fine
        assertThatThrownBy(() -> p.emitted(8, "z")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void randomAcknowledgementOrderNeverRunsAheadOfAnUnacknowledgedRecord() {
        Random random = new Random(42);
        AcknowledgedPrefix<Long> p = new AcknowledgedPrefix<>();
        List<Long> emitted = new ArrayList<>();
        for (long s = 1; s <= 5_000; s += 1 + random.nextInt(3)) {
            p.emitted(s, s);
            emitted.add(s);
        }
        List<Long> order = new ArrayList<>(emitted);
        Collections.shuffle(order, random);
        java.util.TreeSet<Long> unacked = new java.util.TreeSet<>(emitted);
        for (long s : order) {
            p.acknowledged(s);
            unacked.remove(s);
            Long c = p.committable();
            if (!unacked.isEmpty()) {
                long firstOpen = unacked.first();
                assertThat(c == null ? -1 : c).isLessThan(firstOpen);
                Long expected = emitted.stream()
                        .filter(x -> x < firstOpen)
                        .reduce((a, b) -> b)
                        .orElse(null);
                assertThat(c).isEqualTo(expected);
            }
        }
        assertThat(p.committable()).isEqualTo(emitted.get(emitted.size() - 1));
        assertThat(p.inFlight()).isZero();
    }
}
