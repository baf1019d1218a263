/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.s3sink.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.s3sink.TopicPartitionId;
import io.tidemark.s3sink.remote.ChecksumAlgorithm;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

class KeyTemplateTest {

    private static final TopicPartitionId TP = new TopicPartitionId("orders", 3);
    private static final String HIVE =
            "${topic}/dt=${yyyy}-${MM}-${dd}/hour=${HH}/region=${field:customer.region}/${topic}+${partition}+${start}+${end}";

    @Test
    void resolvesRecordTimeInTheZoneAndFieldValuesIntoHiveStyleSegments() {
        KeyTemplate t = KeyTemplate.parse(HIVE);
        assertThat(t.hasRecordVariables()).isTrue();
        assertThat(t.usesRecordTime()).isTrue();
        ZonedDateTime utc = ZonedDateTime.parse("2026-03-31T18:45:00Z");
        String resolved = t.resolve(utc.withZoneSameInstant(ZoneId.of("Asia/Kolkata")), v -> "eu-west");
        ObjectLayout layout = new ObjectLayout("lake/", HIVE, ".jsonl.gz");
        assertThat(layout.chunkKey(TP, resolved, 5, 9))
                .isEqualTo("lake/orders/dt=2026-04-01/hour=00/region=eu-west/"
                        + "orders+3+00000000000000000005+00000000000000000009.jsonl.gz");
    }

    @Test
    void escapesValuesSoTheyNeverAddDirectoriesOrSpecialCharacters() {
        assertThat(KeyTemplate.escape("eu/west")).isEqualTo("eu%2Fwest");
        assertThat(KeyTemplate.escape("a=b c%")).isEqualTo("a%3Db%20c%25");
        assertThat(KeyTemplate.escape("line\nfeed\u0000")).isEqualTo("line%0Afeed%00");
        assertThat(KeyTemplate.escape("..")).isEqualTo("%2E%2E");
        assertThat(KeyTemplate.escape("${topic}")).isEqualTo("%24%7Btopic%7D");
        assertThat(KeyTemplate.escape("Zürich-1_(x).!")).isEqualTo("Zürich-1_(x).!");
        assertThat(KeyTemplate.escape("a\u2028b")).isEqualTo("a%E2%80%A8b");
    }

    @Test
    void aValueThatLooksLikeAVariableStaysLiteralInTheKey() {
        ObjectLayout layout = new ObjectLayout("", "r=${header:r}/${topic}+${partition}+${start}+${end}", "");
        String resolved = layout.keyTemplate().resolve(null, v -> "${start}");
        assertThat(layout.chunkKey(TP, resolved, 1, 2))
                .isEqualTo("r=%24%7Bstart%7D/orders+3+00000000000000000001+00000000000000000002");
    }

    @Test
    void rejectsUnknownVariablesBadPatternsAndRecordVariablesAfterTheOffsets() {
        assertThatThrownBy(() -> KeyTemplate.parse("${topic}/${year}/${topic}+${partition}+${start}+${end}"))
                .hasMessageContaining("unknown variable ${year}")
                .hasMessageContaining("${yyyy}");
        assertThatThrownBy(() -> KeyTemplate.parse("${time:qqqqqq}/${topic}+${partition}+${start}+${end}"))
                .hasMessageContaining("${time:qqqqqq}")
                .hasMessageContaining("DateTimeFormatter");
        assertThatThrownBy(() -> KeyTemplate.parse("${topic}+${partition}+${start}+${end}-${HH}"))
                .hasMessageContaining("${HH} comes after ${start}");
        assertThatThrownBy(() -> KeyTemplate.parse("${field:}/${topic}+${partition}+${start}+${end}"))
                .hasMessageContaining("field path");
        assertThatThrownBy(() -> KeyTemplate.parse("${HH/${topic}+${partition}+${start}+${end}"))
                .hasMessageContaining("unknown variable");
        assertThatThrownBy(() -> KeyTemplate.parse("${topic}+${partition}+${start}+${end}${"))
                .hasMessageContaining("unclosed");
    }

    @Test
    void anEmptyFieldValueIsAnErrorNotAnEmptySegment() {
        KeyTemplate t = KeyTemplate.parse("r=${field:r}/${topic}+${partition}+${start}+${end}");
        assertThatThrownBy(() -> t.resolve(null, v -> "")).hasMessageContaining("${field:r} is empty");
    }

    @Test
    void theDefaultTemplateKeepsTodaysKeysAndSweepsThePartitionPrefix() {
        ObjectLayout layout = new ObjectLayout("data", ObjectLayout.DEFAULT_TEMPLATE, ".jsonl");
        assertThat(layout.keyTemplate().hasRecordVariables()).isFalse();
        assertThat(layout.chunkKey(TP, 0, 9))
                .isEqualTo("data/orders/partition=3/orders+3+00000000000000000000+00000000000000000009.jsonl");
        assertThat(layout.sweepPrefix(TP, null)).contains("data/orders/partition=3/orders+3+");
    }

    @Test
    void sweepsThePathOfTheLastChunkWhenKeysArePartitionedByRecordValues() {
        ObjectLayout layout = new ObjectLayout(
                "data", "${topic}/dt=${yyyy}-${MM}-${dd}/${topic}+${partition}+${start}+${end}", ".jsonl");
        assertThat(layout.sweepPrefix(TP, null)).isEmpty();
        String key = "data/orders/dt=2026-04-01/orders+3+00000000000000000100+00000000000000000199.jsonl";
        ChunkEntryRecord last =
                new ChunkEntryRecord(key, "orders", 3, 100, 199, 100, 10, ChecksumAlgorithm.CRC32C, "x", null, null);
        assertThat(layout.sweepPrefix(TP, last)).contains("data/orders/dt=2026-04-01/orders+3+");
        assertThatThrownBy(() -> layout.partitionPrefix(TP)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aKeyLongerThanS3AllowsIsRefused() {
        ObjectLayout layout = new ObjectLayout("", "r=${header:r}/${topic}+${partition}+${start}+${end}", "");
        String resolved = layout.keyTemplate().resolve(null, v -> "x".repeat(1000));
        assertThatThrownBy(() -> layout.checkKeyLength(TP, resolved)).hasMessageContaining("more than S3's 1024");
    }
}
