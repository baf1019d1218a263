/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.s3sink.connect;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.s3sink.format.JsonLinesEnvelopeFormat;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

/** The hand-written envelope writer must produce exactly the bytes of the Jackson path. */
class FastJsonEnvelopeWriterTest {

    private final SinkRecordEncoder encoder = new SinkRecordEncoder(new JsonLinesEnvelopeFormat());

    private static final String NASTY =
            "a\"b\\c/d\u0000\u0001\u0007\b\t\n\u000b\f\r\u001f\u007f é ñ ß € 中文 \u2028\u2029 ";

    private static SinkRecord record(
            Schema ks,
            Object key,
            Schema vs,
            Object value,
            ConnectHeaders headers,
            Long timestamp,
            TimestampType type) {
        return new SinkRecord(
                "topic-\u00e9\"x",
                7,
                ks,
                key,
                vs,
                value,
                123_456_789_012L,
                timestamp,
                type,
                headers == null ? new ConnectHeaders() : headers);
    }

    /** Same bytes on both paths; returns whether the fast path handled it. */
    private boolean assertSameBytes(SinkRecord r) {
        byte[] viaFormat = encoder.encodeWithFormat(r).bytes();
        byte[] viaEncoder = encoder.encode(r).bytes();
        assertThat(new String(viaEncoder, StandardCharsets.UTF_8))
                .isEqualTo(new String(viaFormat, StandardCharsets.UTF_8));
        assertThat(viaEncoder).isEqualTo(viaFormat);
        return new FastJsonEnvelopeWriter()
                        .encode(
                                r.originalTopic(),
                                r.originalKafkaPartition(),
                                r.originalKafkaOffset(),
                                r.timestamp(),
                                r.timestampType() == null ? null : r.timestampType().name,
                                r.key(),
                                r.value(),
                                r.headers())
                != null;
    }

    @Test
    void primitivesStringsAndNullsAreWrittenByTheFastPathExactlyAsJacksonWrites() {
        List<Object> values = new ArrayList<>(Arrays.asList(
                null,
                "",
                "plain",
                NASTY,
                true,
                false,
                0,
                -1,
                Integer.MIN_VALUE,
                Integer.MAX_VALUE,
                0L,
                Long.MIN_VALUE,
                Long.MAX_VALUE,
                1_700_000_000_000L,
                (short) -12,
                (byte) 127,
                0.0,
                -0.0,
                0.25,
                1e300,
                1e-300,
                123456789.123,
                1.0E7,
                0.001,
                Double.MIN_VALUE,
                Double.MAX_VALUE,
                0.1f,
                -3.5e20f,
                1.0E-5f,
                Float.MIN_VALUE));
        for (Object v : values) {
            assertThat(assertSameBytes(record(null, v, null, v, null, 1700L, TimestampType.CREATE_TIME)))
                    .as("fast path for %s", v)
                    .isTrue();
        }
    }

    @Test
    void integersAroundEveryPowerOfTenInEnvelopeFieldsAndValues() {
        List<Long> values = new ArrayList<>(List.of(Long.MIN_VALUE, Long.MAX_VALUE, Long.MIN_VALUE + 1));
        for (long p = 1; p > 0 && p <= Long.MAX_VALUE / 10 * 10; p *= 10) {
            for (long d = -1; d <= 1; d++) {
                values.add(p + d);
                values.add(-(p + d));
            }
            if (p > Long.MAX_VALUE / 10) {
                break;
            }
        }
        for (long v : values) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("l", v);
            m.put("i", (int) v);
            SinkRecord r = new SinkRecord(
                    "t", (int) (v & 0x7fffffff), null, v, null, m, Math.max(0, v), v, TimestampType.CREATE_TIME);
            assertThat(assertSameBytes(r)).as("fast path for %s", v).isTrue();
        }
    }

    @Test
    void nonFiniteNumbersAreQuotedAsJacksonDoes() {
        for (Object v : List.of(
                Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Float.NaN, Float.NEGATIVE_INFINITY)) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("x", v);
            assertThat(assertSameBytes(record(null, v, null, m, null, 1L, TimestampType.LOG_APPEND_TIME)))
                    .isTrue();
        }
    }

    @Test
    void bytesAtTopLevelInHeadersAndNested() {
        Random rnd = new Random(42);
        for (int len = 0; len < 40; len++) {
            byte[] b = new byte[len];
            rnd.nextBytes(b);
            ConnectHeaders h = new ConnectHeaders();
            h.addBytes("bin", b);
            h.add("buf", ByteBuffer.wrap(b), null);
            h.addString("s", NASTY);
            h.add("nul", null, null);
            h.addString("same", "repeated");
            h.addString("same", "again");
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("raw", b);
            m.put("list", List.of(b, "x"));
            m.put("buffer", ByteBuffer.wrap(b));
            assertThat(assertSameBytes(record(null, b, null, m, h, null, null))).isTrue();
            assertThat(assertSameBytes(
                            record(null, ByteBuffer.wrap(b), null, b, h, 5L, TimestampType.NO_TIMESTAMP_TYPE)))
                    .isTrue();
        }
    }

    @Test
    void mapsWithStringAndNonStringKeysListsAndNestedNulls() {
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("n", null);
        inner.put(NASTY, List.of(1, 2L, "three", List.of(), Map.of()));
        inner.put("", new ArrayList<>(Arrays.asList(null, null)));
        Map<Object, Object> nonString = new LinkedHashMap<>();
        nonString.put(1, "one");
        nonString.put("two", 2.5);
        nonString.put(null, inner);
        nonString.put(List.of(1), null);
        Map<String, Object> outer = new LinkedHashMap<>();
        outer.put("inner", inner);
        outer.put("nonString", nonString);
        outer.put("empty", new LinkedHashMap<>());
        assertThat(assertSameBytes(record(null, nonString, null, outer, null, 0L, TimestampType.CREATE_TIME)))
                .isTrue();
        assertThat(assertSameBytes(
                        record(null, List.of(outer, nonString), null, null, null, 0L, TimestampType.CREATE_TIME)))
                .isTrue();
    }

    @Test
    void structsWithOptionalAndDefaultFields() {
        Schema address = SchemaBuilder.struct()
                .name("addr")
                .field("city", Schema.STRING_SCHEMA)
                .field("zip", Schema.OPTIONAL_INT32_SCHEMA)
                .build();
        Schema schema = SchemaBuilder.struct()
                .name("order")
                .field("id", Schema.INT64_SCHEMA)
                .field("name", Schema.OPTIONAL_STRING_SCHEMA)
                .field("flag", SchemaBuilder.bool().defaultValue(true).build())
                .field("score", Schema.FLOAT64_SCHEMA)
                .field("blob", Schema.OPTIONAL_BYTES_SCHEMA)
                .field("tags", SchemaBuilder.array(Schema.STRING_SCHEMA).build())
                .field(
                        "attrs",
                        SchemaBuilder.map(Schema.INT32_SCHEMA, Schema.STRING_SCHEMA)
                                .build())
                .field("address", address)
                .build();
        Struct s = new Struct(schema)
                .put("id", 7L)
                .put("score", Double.NaN)
                .put("blob", new byte[] {0, -1, 5})
                .put("tags", List.of("a", NASTY))
                .put("attrs", Map.of(3, "three"))
                .put("address", new Struct(address).put("city", "Zürich"));
        assertThat(assertSameBytes(record(schema, s, schema, s, null, 9L, TimestampType.CREATE_TIME)))
                .isTrue();
    }

    @Test
    void decimalsDatesAndSupplementaryCharactersTakeTheJacksonPathWithTheSameResult() {
        Schema schema = SchemaBuilder.struct()
                .field("price", Decimal.schema(2))
                .field("day", Date.SCHEMA)
                .field("at", Timestamp.SCHEMA)
                .build();
        java.util.Date day = new java.util.Date(86_400_000L * 19_000);
        Struct s = new Struct(schema)
                .put("price", new BigDecimal("12.30"))
                .put("day", day)
                .put("at", new java.util.Date(1_700_000_000_123L));
        assertThat(assertSameBytes(record(null, "k", schema, s, null, 1L, TimestampType.CREATE_TIME)))
                .isFalse();
        assertThat(assertSameBytes(record(
                        null,
                        new BigDecimal("1E+3"),
                        null,
                        Map.of("d", new BigDecimal("-0.000")),
                        null,
                        1L,
                        TimestampType.CREATE_TIME)))
                .isFalse();
        assertThat(assertSameBytes(
                        record(null, "emoji \uD83D\uDE00 pair", null, "v", null, 1L, TimestampType.CREATE_TIME)))
                .isFalse();
        assertThat(assertSameBytes(record(null, "lone \uD800 high", null, "v", null, 1L, TimestampType.CREATE_TIME)))
                .isFalse();
        ConnectHeaders h = new ConnectHeaders();
        h.addDecimal("d", new BigDecimal("3.14"));
        assertThat(assertSameBytes(record(null, "k", null, "v", h, 1L, TimestampType.CREATE_TIME)))
                .isFalse();
    }

    @Test
    void longStringsAcrossSegmentsAndLargeRecordsFollowedBySmallOnes() {
        StringBuilder sb = new StringBuilder();
        while (sb.length() < 3_000_000) {
            sb.append(NASTY).append("x".repeat(sb.length() % 4093));
        }
        String big = sb.toString();
        byte[] blob = big.getBytes(StandardCharsets.UTF_8);
        for (int len : new int[] {4095, 4096, 4097, 8191, 8193, 100_000, big.length()}) {
            String v = big.substring(0, len);
            assertThat(assertSameBytes(record(
                            null,
                            v,
                            null,
                            Map.of("s", v, "b", Arrays.copyOf(blob, len)),
                            null,
                            1L,
                            TimestampType.CREATE_TIME)))
                    .isTrue();
            assertThat(assertSameBytes(
                            record(null, "small", null, "after " + len, null, 1L, TimestampType.CREATE_TIME)))
                    .isTrue();
        }
    }

    @Test
    void theBenchmarkShapeAndLongValues() {
        for (int i = 0; i < 2000; i += 37) {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("id", (long) i);
            v.put("customer", "customer-" + (i % 977));
            v.put("amount", i * 0.25);
            v.put("note", "order line " + i + " of the benchmark data set " + "x".repeat(i));
            assertThat(assertSameBytes(new SinkRecord(
                            "bench",
                            i % 4,
                            null,
                            "k" + i,
                            null,
                            v,
                            i / 4,
                            1_700_000_000_000L + i,
                            TimestampType.CREATE_TIME)))
                    .isTrue();
        }
    }
}
