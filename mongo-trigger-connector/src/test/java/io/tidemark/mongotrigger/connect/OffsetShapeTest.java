/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.mongotrigger.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.json.JsonConverter;
import org.junit.jupiter.api.Test;

/** The source partitions as Kafka Connect stores and looks them up: by their serialized bytes. */
class OffsetShapeTest {

    /** How Connect's offset storage serializes a key: [connector name, partition] through the JSON converter. */
    private static String offsetKey(Map<String, Object> partition) {
        try (JsonConverter json = new JsonConverter()) {
            json.configure(Map.of("schemas.enable", "false", "converter.type", "key"));
            return new String(json.fromConnectData("", null, List.of("copy", partition)), StandardCharsets.UTF_8);
        }
    }

    @Test
    void snapshotPartitionSerializesInOneKeyOrderSoARestartedWorkerFindsItsOffset() {
        // Map.of orders its keys by a per-JVM random salt: half of all restarts looked the offset up
        // under other bytes than the ones written, and the copy resumed from the local store alone
        assertThat(offsetKey(OffsetShape.snapshotPartition("trigger-evaluator")))
                .isEqualTo("[\"copy\",{\"consumer\":\"trigger-evaluator\",\"snapshot\":\"copy_existing\"}]");
        assertThat(offsetKey(OffsetShape.partition("trigger-evaluator")))
                .isEqualTo("[\"copy\",{\"consumer\":\"trigger-evaluator\"}]");
    }

    @Test
    void resetOfTheCopysPartitionInAnotherKeyOrderIsRefusedBecauseConnectWouldStoreItUnderOtherBytes() {
        Map<String, Object> reversed = new LinkedHashMap<>();
        reversed.put(OffsetShape.SNAPSHOT_PARTITION_FIELD, OffsetShape.SNAPSHOT_PARTITION_VALUE);
        reversed.put(OffsetShape.PARTITION_FIELD, "trigger-evaluator");
        assertThatThrownBy(() -> OffsetShape.validate(reversed, null, "trigger-evaluator"))
                .isInstanceOf(ConnectException.class)
                .hasMessageContaining("\"consumer\" first");
        OffsetShape.validate(OffsetShape.snapshotPartition("trigger-evaluator"), null, "trigger-evaluator");
    }
}
