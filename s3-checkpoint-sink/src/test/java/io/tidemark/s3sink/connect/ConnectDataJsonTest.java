/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.s3sink.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.tidemark.s3sink.format.Datum;
import io.tidemark.s3sink.format.EnvelopeRecord;
import io.tidemark.s3sink.format.JsonLinesEnvelopeFormat;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.json.JsonConverter;
import org.junit.jupiter.api.Test;

class ConnectDataJsonTest {

    private static JsonNode envelope(Datum key, Datum value) throws Exception {
        byte[] line = new JsonLinesEnvelopeFormat()
                .encode(new EnvelopeRecord(
                        "t",
                        3,
                        42L,
                        1700L,
                        "CreateTime",
                        key,
                        value,
                        List.of(new EnvelopeRecord.Header("h", Datum.ofBytes(new byte[] {1, 2})))));
        assertThat(line[line.length - 1]).isEqualTo((byte) '\n');
        return JsonLinesEnvelopeFormat.mapper().readTree(line);
    }

    @Test
    void schemafulStructFromJsonConverterBecomesAJsonObjectWithExactDecimals() throws Exception {
        Schema schema = SchemaBuilder.struct()
                .name("order")
                .field("id", Schema.INT64_SCHEMA)
                .field("price", Decimal.schema(2))
                .field("tags", SchemaBuilder.array(Schema.STRING_SCHEMA).build())
                .build();
        Struct s = new Struct(schema)
                .put("id", 7L)
                .put("price", new BigDecimal("12.30"))
                .put("tags", List.of("a", "b"));
        JsonConverter withSchemas = new JsonConverter();
        withSchemas.configure(Map.of("schemas.enable", "true", "decimal.format", "NUMERIC"), false);
        SchemaAndValue roundTripped = withSchemas.toConnectData("t", withSchemas.fromConnectData("t", schema, s));

        JsonNode env = envelope(Datum.NULL, ConnectDataJson.toDatum(roundTripped.schema(), roundTripped.value()));
        assertThat(env.get("value").get("id").asLong()).isEqualTo(7);
        assertThat(env.get("value").get("price").decimalValue()).isEqualByComparingTo("12.30");
        assertThat(env.get("value").get("tags").toString()).isEqualTo("[\"a\",\"b\"]");
        assertThat(env.get("topic").asText()).isEqualTo("t");
        assertThat(env.get("partition").asInt()).isEqualTo(3);
        assertThat(env.get("offset").asLong()).isEqualTo(42);
        assertThat(env.get("timestamp").asLong()).isEqualTo(1700);
        assertThat(env.get("key").isNull()).isTrue();
        assertThat(env.get("headers").get(0).get("valueBase64").asText()).isEqualTo("AQI=");
    }

    @Test
    void schemalessMapsAndBytesKeepTheirShape() throws Exception {
        JsonConverter schemaless = new JsonConverter();
        schemaless.configure(Map.of("schemas.enable", "false"), false);
        SchemaAndValue v = schemaless.toConnectData(
                "t", "{\"a\":{\"b\":[1,2.5,null]},\"c\":true}".getBytes(StandardCharsets.UTF_8));
        byte[] raw = {0, (byte) 0xff, 10};
        JsonNode env = envelope(
                ConnectDataJson.toDatum(Schema.BYTES_SCHEMA, raw), ConnectDataJson.toDatum(v.schema(), v.value()));
        assertThat(env.get("value").toString()).isEqualTo("{\"a\":{\"b\":[1,2.5,null]},\"c\":true}");
        assertThat(Base64.getDecoder().decode(env.get("keyBase64").asText())).isEqualTo(raw);
        assertThat(env.has("key")).isFalse();
    }

    @Test
    void mapsWithNonStringKeysBecomeArraysOfPairs() throws Exception {
        Schema schema =
                SchemaBuilder.map(Schema.INT32_SCHEMA, Schema.STRING_SCHEMA).build();
        JsonNode env = envelope(Datum.NULL, ConnectDataJson.toDatum(schema, Map.of(1, "one")));
        assertThat(env.get("value").toString()).isEqualTo("[[1,\"one\"]]");
    }

    /** The streamed envelope must be byte for byte the one written from the JSON tree (the format before streaming). */
    @Test
    void streamedValuesAreWrittenExactlyAsTheirTrees() throws Exception {
        Schema point = SchemaBuilder.struct()
                .name("p")
                .field("x", Schema.FLOAT64_SCHEMA)
                .field("y", Schema.OPTIONAL_FLOAT32_SCHEMA)
                .field("raw", Schema.OPTIONAL_BYTES_SCHEMA)
                .build();
        Schema deep = SchemaBuilder.struct()
                .name("deep")
                .field("b", Schema.INT8_SCHEMA)
                .field("s", Schema.INT16_SCHEMA)
                .field("i", Schema.INT32_SCHEMA)
                .field("l", Schema.INT64_SCHEMA)
                .field("t", Schema.STRING_SCHEMA)
                .field("ok", Schema.BOOLEAN_SCHEMA)
                .field("d", Decimal.schema(3))
                .field("when", Timestamp.SCHEMA)
                .field("day", Date.SCHEMA)
                .field("pts", SchemaBuilder.array(point).build())
                .field("byId", SchemaBuilder.map(Schema.INT64_SCHEMA, point).build())
                .field(
                        "byName",
                        SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.OPTIONAL_STRING_SCHEMA)
                                .build())
                .field("none", Schema.OPTIONAL_STRING_SCHEMA)
                .build();
        Struct p1 = new Struct(point).put("x", 1.5).put("y", Float.NaN).put("raw", new byte[] {1, 2, 3});
        Struct p2 = new Struct(point).put("x", -0.0).put("y", null).put("raw", null);
        Map<String, String> byName = new LinkedHashMap<>();
        byName.put("quote\"and\\slash", "\u00e9\u4e2d\ud83d\ude00\n\t");
        byName.put("nothing", null);
        Map<Long, Struct> byId = new LinkedHashMap<>();
        byId.put(7L, p1);
        byId.put(-1L, p2);
        Struct s = new Struct(deep)
                .put("b", (byte) -8)
                .put("s", (short) 300)
                .put("i", Integer.MIN_VALUE)
                .put("l", Long.MAX_VALUE)
                .put("t", "")
                .put("ok", false)
                .put("d", new BigDecimal("-1234567890.120"))
                .put("when", new java.util.Date(1_700_000_000_123L))
                .put("day", new java.util.Date(86_400_000L))
                .put("pts", List.of(p1, p2))
                .put("byId", byId)
                .put("byName", byName);
        Map<String, Object> schemaless = new LinkedHashMap<>();
        schemaless.put("n", List.of(1, 2L, 3.25, 1e300, Double.POSITIVE_INFINITY, new BigDecimal("1E+5")));
        schemaless.put("m", Map.of());
        schemaless.put("e", List.of());
        schemaless.put("bb", ByteBuffer.wrap(new byte[] {9, 8, 7, 6}, 1, 2));
        schemaless.put("nested", List.of(Map.of(true, "k"), List.of(List.of())));
        Object[][] cases = {
            {deep, s}, {null, schemaless}, {null, "text"}, {Schema.FLOAT32_SCHEMA, 0.1f}, {null, 42}, {null, List.of()}
        };
        JsonLinesEnvelopeFormat format = new JsonLinesEnvelopeFormat();
        for (Object[] c : cases) {
            Schema schema = (Schema) c[0];
            Datum streamed = ConnectDataJson.toDatum(schema, c[1]);
            assertThat(streamed.writer()).as("streamed").isNotNull();
            Datum tree = Datum.ofJson(ConnectDataJson.toJson(schema, c[1]));
            EnvelopeRecord.Header h = new EnvelopeRecord.Header("h", ConnectDataJson.toDatum(schema, c[1]));
            String a = new String(
                    format.encode(new EnvelopeRecord("t", 0, 1L, null, null, streamed, streamed, List.of(h))),
                    StandardCharsets.UTF_8);
            String b = new String(
                    new JsonLinesEnvelopeFormat()
                            .encode(new EnvelopeRecord(
                                    "t", 0, 1L, null, null, tree, tree, List.of(new EnvelopeRecord.Header("h", tree)))),
                    StandardCharsets.UTF_8);
            assertThat(a).isEqualTo(b);
            assertThat(streamed.json()).isEqualTo(tree.json());
        }
    }

    /** A value that cannot be written leaves nothing behind: the next record is encoded cleanly. */
    @Test
    void aFailedRecordDoesNotLeakIntoTheNextOne() throws Exception {
        JsonLinesEnvelopeFormat format = new JsonLinesEnvelopeFormat();
        Map<String, Object> bad = new LinkedHashMap<>();
        bad.put("ok", 1);
        bad.put("bad", new Object());
        assertThatThrownBy(() -> format.encode(new EnvelopeRecord(
                        "t", 0, 1L, 5L, "CreateTime", Datum.NULL, ConnectDataJson.toDatum(null, bad), List.of())))
                .isInstanceOf(DataException.class);
        byte[] line = format.encode(new EnvelopeRecord(
                "t", 0, 2L, 5L, "CreateTime", Datum.NULL, ConnectDataJson.toDatum(null, Map.of("x", 1)), List.of()));
        assertThat(new String(line, StandardCharsets.UTF_8))
                .isEqualTo(
                        "{\"topic\":\"t\",\"partition\":0,"
                                + "\"offset\":2,\"timestamp\":5,\"timestampType\":\"CreateTime\",\"key\":null,\"value\":{\"x\":1}}\n");
        byte[] again = format.encode(new EnvelopeRecord(
                "t", 0, 3L, 5L, "CreateTime", Datum.NULL, ConnectDataJson.toDatum(null, Map.of("x", 1)), List.of()));
        assertThat(new String(again, StandardCharsets.UTF_8))
                .startsWith("{\"topic\"")
                .contains("\"offset\":3,");
    }
}
