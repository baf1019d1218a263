/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.s3sink.connect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;

/** A Confluent S3 sink config's names for settings that mean the same here work unchanged. */
class ConfluentSettingNamesTest {

    private static Map<String, String> base() {
        Map<String, String> m = new HashMap<>();
        m.put("name", "sink");
        m.put("connector.class", S3CheckpointSinkConnector.class.getName());
        m.put("topics", "t");
        m.put("s3.bucket.name", "b");
        return m;
    }

    @Test
    void confluentNamesSetTheSettingsTheyMean() {
        Map<String, String> m = base();
        m.put("flush.size", "1234");
        m.put("s3.part.size", Long.toString(8L * 1024 * 1024));
        m.put("topics.dir", "topics");
        m.put("store.url", "http://127.0.0.1:9000");
        S3CheckpointSinkConfig c = new S3CheckpointSinkConfig(m);
        assertThat(c.getLong(S3CheckpointSinkConfig.MAX_RECORDS_CONFIG)).isEqualTo(1234L);
        assertThat(c.rotation().maxRecords()).isEqualTo(1234L);
        assertThat(c.getLong(S3CheckpointSinkConfig.PART_SIZE_CONFIG)).isEqualTo(8L * 1024 * 1024);
        assertThat(c.getString(S3CheckpointSinkConfig.PREFIX_CONFIG)).isEqualTo("topics");
        assertThat(c.getString(S3CheckpointSinkConfig.ENDPOINT_CONFIG)).isEqualTo("http://127.0.0.1:9000");
    }

    @Test
    void theOwnNameWinsWhenBothAreSet() {
        Map<String, String> m = base();
        m.put("flush.size", "1234");
        m.put("chunk.max.records", "99");
        assertThat(new S3CheckpointSinkConfig(m).getLong(S3CheckpointSinkConfig.MAX_RECORDS_CONFIG))
                .isEqualTo(99L);
    }

    @Test
    void aBadValueUnderTheConfluentNameIsReportedOnThatName() {
        Map<String, String> m = base();
        m.put("flush.size", "-5");
        m.put("s3.part.size", "1024");
        List<ConfigValue> values = S3CheckpointSinkConfig.CONFIG_DEF.validate(m);
        Map<String, List<String>> errors = new HashMap<>();
        values.forEach(v -> errors.put(v.name(), v.errorMessages()));
        assertThat(errors.get("flush.size")).isNotEmpty();
        assertThat(errors.get("s3.part.size")).isNotEmpty();
        assertThat(errors.get("chunk.max.records")).isEmpty();
        assertThat(errors.get("topics.dir")).isEmpty(); // unset aliases pass
    }
}
