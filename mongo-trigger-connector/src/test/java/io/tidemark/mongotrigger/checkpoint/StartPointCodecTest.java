/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.mongotrigger.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.store.CorruptRecordException;
import java.nio.charset.StandardCharsets;
import org.bson.BsonTimestamp;
import org.junit.jupiter.api.Test;

class StartPointCodecTest {

    static final String KEY = "sys/checkpoints/trigger_evaluator.start";

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void roundTripsIncludingOperationTimesAboveTheSignedIntRange() {
        StartPoint p = new StartPoint(new BsonTimestamp(0xF000_0000, 7), 1_700_000_000L, "the server's operationTime");

        byte[] bytes = StartPointCodec.INSTANCE.encode(p);

        assertThat(new String(bytes, StandardCharsets.UTF_8))
                .isEqualTo("{\"operationTime\":{\"t\":4026531840,\"i\":7},\"decidedAt\":1700000000,"
                        + "\"basis\":\"the server's operationTime\"}");
        assertThat(StartPointCodec.INSTANCE.decode(KEY, bytes)).isEqualTo(p);
        assertThat(p.operationTimeText()).isEqualTo("4026531840:7");
    }

    @Test
    void aRecordWithoutAnOperationTimeIsCorrupt() {
        assertThatThrownBy(() -> StartPointCodec.INSTANCE.decode(KEY, utf8("{\"decidedAt\": 1}")))
                .isInstanceOf(CorruptRecordException.class)
                .hasMessage("checkpoint record '" + KEY + "' is corrupt: 'operationTime' is missing or not"
                        + " {\"t\": <seconds>, \"i\": <increment>}");
        assertThatThrownBy(() -> StartPointCodec.INSTANCE.decode(
                        KEY, utf8("{\"operationTime\": {\"t\": -1, \"i\": 0}, \"decidedAt\": 1}")))
                .isInstanceOf(CorruptRecordException.class);
    }

    @Test
    void aRecordWithoutItsDecisionTimeIsCorrupt() {
        assertThatThrownBy(() -> StartPointCodec.INSTANCE.decode(
                        KEY, utf8("{\"operationTime\": {\"t\": 1, \"i\": 0}, \"decidedAt\": \"x\"}")))
                .isInstanceOf(CorruptRecordException.class)
                .hasMessageContaining("'decidedAt'");
    }
}
