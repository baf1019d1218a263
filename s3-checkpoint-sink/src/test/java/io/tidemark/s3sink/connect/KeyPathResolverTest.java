/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.s3sink.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.s3sink.TopicPartitionId;
import io.tidemark.s3sink.format.JsonLinesEnvelopeFormat;
import io.tidemark.s3sink.format.UnencodableRecordException;
import io.tidemark.s3sink.manifest.ObjectLayout;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Map;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

class KeyPathResolverTest {

    private static final TopicPartitionId TP = new TopicPartitionId("orders", 0);
    private static final ZoneId KOLKATA = ZoneId.of("Asia/Kolkata");
    private static final String TIME =
            "${topic}/dt=${yyyy}-${MM}-${dd}/hour=${HH}/${topic}+${partition}+${start}+${end}";
    /** 2026-03-31T18:30Z is midnight of April 1 in Kolkata (+05:30). */
    private static final long MIDNIGHT_KOLKATA =
            ZonedDateTime.parse("2026-03-31T18:30:00Z").toInstant().toEpochMilli();

    private static KeyPathResolver resolver(String template, KeyPathResolver.TimestampSource s, String field) {
        return new KeyPathResolver(new ObjectLayout("", template, ".jsonl"), KOLKATA, s, field);
    }

    private static SinkRecord record(Long timestamp, Schema schema, Object value, ConnectHeaders headers) {
        return new SinkRecord("orders", 0, null, null, schema, value, 7, timestamp, TimestampType.CREATE_TIME, headers);
    }

    private static String key(KeyPathResolver r, SinkRecord rec, ObjectLayout layout) {
        return layout.chunkKey(TP, r.resolve(rec, TP), 7, 7);
    }

    @Test
    void recordTimestampsEitherSideOfMidnightInKolkataGoToTheirOwnDayAndHour() {
        KeyPathResolver r = resolver(TIME, KeyPathResolver.TimestampSource.RECORD, "");
        ObjectLayout l = new ObjectLayout("", TIME, ".jsonl");
        assertThat(key(r, record(MIDNIGHT_KOLKATA - 1, null, "v", new ConnectHeaders()), l))
                .startsWith("orders/dt=2026-03-31/hour=23/");
        assertThat(key(r, record(MIDNIGHT_KOLKATA, null, "v", new ConnectHeaders()), l))
                .startsWith("orders/dt=2026-04-01/hour=00/");
    }

    @Test
    void aRecordWithoutTimestampCannotBeWrittenAndTheMessageNamesTheSetting() {
        KeyPathResolver r = resolver(TIME, KeyPathResolver.TimestampSource.RECORD, "");
        assertThatThrownBy(() -> r.resolve(record(null, null, "v", new ConnectHeaders()), TP))
                .isInstanceOf(UnencodableRecordException.class)
                .hasMessageContaining("s3.key.template")
                .hasMessageContaining("no timestamp")
                .hasMessageContaining("timestamp.extractor");
    }

    @Test
    void timeFromAStructFieldOrAHeaderInMillisOrIso() {
        Schema meta =
                SchemaBuilder.struct().field("created", Schema.INT64_SCHEMA).build();
        Schema schema = SchemaBuilder.struct().field("meta", meta).build();
        Struct value = new Struct(schema).put("meta", new Struct(meta).put("created", MIDNIGHT_KOLKATA));
        KeyPathResolver byField = resolver(TIME, KeyPathResolver.TimestampSource.RECORD_FIELD, "meta.created");
        assertThat(byField.resolve(record(0L, schema, value, new ConnectHeaders()), TP))
                .contains("dt=2026-04-01/hour=00/");
        KeyPathResolver byHeader = resolver(TIME, KeyPathResolver.TimestampSource.HEADER, "ts");
        ConnectHeaders h = new ConnectHeaders();
        h.addString("ts", "2026-03-31T23:59:59+05:30");
        assertThat(byHeader.resolve(record(0L, null, "v", h), TP)).contains("dt=2026-03-31/hour=23/");
        assertThatThrownBy(() -> byHeader.resolve(record(0L, null, "v", new ConnectHeaders()), TP))
                .isInstanceOf(UnencodableRecordException.class)
                .hasMessageContaining("no header ts");
        ConnectHeaders bad = new ConnectHeaders();
        bad.addString("ts", "yesterday");
        assertThatThrownBy(() -> byHeader.resolve(record(0L, null, "v", bad), TP))
                .isInstanceOf(UnencodableRecordException.class)
                .hasMessageContaining("ISO-8601");
    }

    @Test
    void fieldAndHeaderValuesAreEscapedIntoTheKey() {
        String template = "region=${field:customer.region}/src=${header:src}/${topic}+${partition}+${start}+${end}";
        KeyPathResolver r = resolver(template, KeyPathResolver.TimestampSource.RECORD, "");
        ConnectHeaders h = new ConnectHeaders();
        h.addString("src", "app/v2");
        SinkRecord rec = record(0L, null, Map.of("customer", Map.of("region", "eu west")), h);
        assertThat(new ObjectLayout("", template, "").chunkKey(TP, r.resolve(rec, TP), 7, 7))
                .isEqualTo("region=eu%20west/src=app%2Fv2/orders+0+00000000000000000007+00000000000000000007");
    }

    @Test
    void aFieldOfAValueWithoutFieldsOrAMissingFieldCannotBeWritten() {
        String template = "region=${field:customer.region}/${topic}+${partition}+${start}+${end}";
        KeyPathResolver r = resolver(template, KeyPathResolver.TimestampSource.RECORD, "");
        assertThatThrownBy(() -> r.resolve(record(0L, null, "plain string", new ConnectHeaders()), TP))
                .isInstanceOf(UnencodableRecordException.class)
                .hasMessageContaining("${field:customer.region}")
                .hasMessageContaining("a String");
        assertThatThrownBy(() -> r.resolve(record(0L, null, Map.of("customer", Map.of()), new ConnectHeaders()), TP))
                .isInstanceOf(UnencodableRecordException.class)
                .hasMessageContaining("no field customer.region");
    }

    @Test
    void theEncoderCarriesThePathWithTheRecord() {
        SinkRecordEncoder enc = new SinkRecordEncoder(
                new JsonLinesEnvelopeFormat(),
                io.tidemark.s3sink.format.NullValuePolicy.WRITE,
                resolver(TIME, KeyPathResolver.TimestampSource.RECORD, ""));
        assertThat(enc.encode(record(MIDNIGHT_KOLKATA, null, "v", new ConnectHeaders()))
                        .path())
                .isEqualTo("${topic}/dt=2026-04-01/hour=00/${topic}+${partition}+${start}+${end}");
        assertThat(new SinkRecordEncoder(new JsonLinesEnvelopeFormat())
                        .encode(record(MIDNIGHT_KOLKATA, null, "v", new ConnectHeaders()))
                        .path())
                .isNull();
    }
}
