/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.mongotrigger.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.store.CorruptRecordException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GlobalCheckpointCodecTest {

    @Test
    void roundTrips() {
        GlobalCheckpoint cp = new GlobalCheckpoint("{\"_data\": \"8265\"}", 1_700_000_123L);
        byte[] bytes = GlobalCheckpointCodec.INSTANCE.encode(cp);
        assertThat(GlobalCheckpointCodec.INSTANCE.decode("k", bytes)).isEqualTo(cp);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "null",
                "[]",
                "{\"token\":\"{\\\"_data\\\":\\\"1\\\"}\"}",
                "{\"updatedAt\": 1}",
                "{\"token\": 5, \"updatedAt\": 1}",
                "{\"token\": \"not json\", \"updatedAt\": 1}",
                "{\"token\": \"{}\", \"updatedAt\": \"yesterday\"}",
                "{\"token\": \"{}\", \"updatedAt\": 1.5}"
            })
    void rejectsCorruptRecords(String raw) {
        assertThatThrownBy(() -> GlobalCheckpointCodec.INSTANCE.decode(
                        "sys/checkpoints/x", raw.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(CorruptRecordException.class)
                .hasMessageContaining("sys/checkpoints/x");
    }
}
