package io.tidemark.s3sink.connect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tidemark.s3sink.format.Datum;
import io.tidemark.s3sink.format.EnvelopeRecord;
import io.tidemark.s3sink.format.JsonLinesEnvelopeFormat;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.json.JsonConverter;
import org.junit.jupiter.api.Test;

class ConnectDataJsonTest {

    private static JsonNode envelope(Datum key, Datum value) throws Exception {
        byte[] line = new JsonLinesEnvelopeFormat().encode(new EnvelopeRecord("t", 3, 42L, 1700L, "CreateTime", key,
                value, List.of(new EnvelopeRecord.Header("h", Datum.ofBytes(new byte[] {1, 2})))));
        assertThat(line[line.length - 1]).isEqualTo((byte) '\n');
        return JsonLinesEnvelopeFormat.mapper().readTree(line);
    }

    @Test
    void schemafulStructFromJsonConverterBecomesAJsonObjectWithExactDecimals() throws Exception {
        Schema schema = SchemaBuilder.struct().name("order")
                .field("id", Schema.INT64_SCHEMA)
                .field("price", Decimal.schema(2))
                .field("tags", SchemaBuilder.array(Schema.STRING_SCHEMA).build())
                .build();
        Struct s = new Struct(schema).put("id", 7L).put("price", new BigDecimal("12.30")).put("tags", List.of("a", "b"));
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
        SchemaAndValue v = schemaless.toConnectData("t", "{\"a\":{\"b\":[1,2.5,null]},\"c\":true}"
                .getBytes(StandardCharsets.UTF_8));
        byte[] raw = {0, (byte) 0xff, 10};
        JsonNode env = envelope(ConnectDataJson.toDatum(Schema.BYTES_SCHEMA, raw), ConnectDataJson.toDatum(v.schema(),
                v.value()));
        assertThat(env.get("value").toString()).isEqualTo("{\"a\":{\"b\":[1,2.5,null]},\"c\":true}");
        assertThat(Base64.getDecoder().decode(env.get("keyBase64").asText())).isEqualTo(raw);
        assertThat(env.has("key")).isFalse();
    }

    @Test
    void mapsWithNonStringKeysBecomeArraysOfPairs() throws Exception {
        Schema schema = SchemaBuilder.map(Schema.INT32_SCHEMA, Schema.STRING_SCHEMA).build();
        JsonNode env = envelope(Datum.NULL, ConnectDataJson.toDatum(schema, Map.of(1, "one")));
        assertThat(env.get("value").toString()).isEqualTo("[[1,\"one\"]]");
    }
}
