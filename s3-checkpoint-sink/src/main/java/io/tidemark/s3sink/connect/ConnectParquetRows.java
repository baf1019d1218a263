/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.s3sink.connect;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.tidemark.s3sink.format.DataType;
import io.tidemark.s3sink.format.JsonLinesEnvelopeFormat;
import io.tidemark.s3sink.format.ParquetRecordFormat;
import io.tidemark.s3sink.format.Row;
import io.tidemark.s3sink.format.RowSchema;
import io.tidemark.s3sink.format.UnencodableRecordException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Connect records as Parquet rows: the key and value schemas as a {@link RowSchema} (Connect's
 * Decimal, Date, Time and Timestamp logical types as Parquet's DECIMAL, DATE, TIME(MILLIS) and
 * TIMESTAMP(MILLIS); a decimal without {@code connect.decimal.precision} gets precision 38), the
 * Connect values as the values {@link DataType} names. A key without a schema is written as its
 * JSON text; a value without a schema as configured by {@code parquet.schemaless}; a null value
 * without a schema (a tombstone) as a null cell of a string value column. Header values are their
 * JSON text. Used by one thread.
 */
final class ConnectParquetRows {

    /** Precision of a Connect decimal whose schema does not say (Parquet needs one). */
    static final int DEFAULT_DECIMAL_PRECISION = 38;

    private static final int CACHE_SIZE = 256;
    private static final String PRECISION_PARAMETER = "connect.decimal.precision";

    private final ParquetRecordFormat.Schemaless schemaless;
    /** Row schemas by key and value schema (Connect schemas compare by content); the last pair by identity first. */
    private final Map<SchemaPair, RowSchema> cache = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<SchemaPair, RowSchema> eldest) {
            return size() > CACHE_SIZE;
        }
    };

    private Schema lastKey;
    private Schema lastValue;
    private boolean lastSchemaless;
    private RowSchema last;

    ConnectParquetRows(ParquetRecordFormat.Schemaless schemaless) {
        this.schemaless = schemaless;
    }

    private record SchemaPair(Schema key, Schema value, boolean schemalessValue) {}

    /**
     * The row schema of {@code r}.
     *
     * @throws UnencodableRecordException for a schemaless value with {@code parquet.schemaless=fail}
     */
    RowSchema schema(SinkRecord r) {
        Schema ks = r.keySchema();
        Schema vs = r.valueSchema();
        boolean schemalessValue = vs == null && r.value() != null;
        if (schemalessValue && schemaless == ParquetRecordFormat.Schemaless.FAIL) {
            throw new UnencodableRecordException(
                    "its value has no schema, and format.type=parquet writes values through their Connect schemas;"
                            + " use a converter that gives schemas (for example JsonConverter with"
                            + " schemas.enable=true, or an Avro/Protobuf/JSON Schema converter), or set"
                            + " parquet.schemaless=json to write such values as JSON text",
                    null);
        }
        if (last != null && ks == lastKey && vs == lastValue && schemalessValue == lastSchemaless) {
            return last;
        }
        SchemaPair pair = new SchemaPair(ks, vs, schemalessValue);
        RowSchema s = cache.get(pair);
        if (s == null) {
            DataType key = ks == null ? DataType.Primitive.STRING : type(ks, "key");
            DataType value = vs == null ? DataType.Primitive.STRING : type(vs, "value");
            s = RowSchema.of(key, value);
            cache.put(pair, s);
        }
        lastKey = ks;
        lastValue = vs;
        lastSchemaless = schemalessValue;
        last = s;
        return s;
    }

    /** The row of {@code r}, whose schema is {@code schema} (from {@link #schema}). */
    Row row(SinkRecord r, RowSchema schema) {
        List<Row.Header> headers;
        if (r.headers().isEmpty()) {
            headers = List.of();
        } else {
            headers = new ArrayList<>();
            for (Header h : r.headers()) {
                headers.add(new Row.Header(h.key(), jsonText(h.schema(), h.value())));
            }
        }
        Object key = r.keySchema() == null ? jsonText(null, r.key()) : value(r.keySchema(), r.key(), "key");
        Object value = r.valueSchema() == null ? jsonText(null, r.value()) : value(r.valueSchema(), r.value(), "value");
        return new Row(
                r.originalTopic(),
                r.originalKafkaPartition(),
                r.originalKafkaOffset(),
                r.timestamp(),
                r.timestampType() == null ? null : r.timestampType().name,
                key,
                value,
                headers);
    }

    // ------------------------------------------------------------------ schemas

    static DataType type(Schema s, String path) {
        String logical = s.name();
        if (logical != null) {
            switch (logical) {
                case Decimal.LOGICAL_NAME -> {
                    int scale = Integer.parseInt(s.parameters().get(Decimal.SCALE_FIELD));
                    String p = s.parameters().get(PRECISION_PARAMETER);
                    int precision = p == null ? Math.max(DEFAULT_DECIMAL_PRECISION, scale) : Integer.parseInt(p);
                    if (precision < 1 || scale < 0 || scale > precision) {
                        throw new UnencodableRecordException(
                                "the decimal " + path + " has scale " + scale + " and precision " + precision
                                        + ", which Parquet cannot store (0 <= scale <= precision, precision >= 1)",
                                null);
                    }
                    return new DataType.Decimal(scale, precision);
                }
                case Date.LOGICAL_NAME -> {
                    return DataType.Primitive.DATE;
                }
                case Time.LOGICAL_NAME -> {
                    return DataType.Primitive.TIME_MILLIS;
                }
                case Timestamp.LOGICAL_NAME -> {
                    return DataType.Primitive.TIMESTAMP_MILLIS;
                }
                default -> {
                    // other names (a record name, an unknown logical type) are written as their type
                }
            }
        }
        return switch (s.type()) {
            case INT8 -> DataType.Primitive.INT8;
            case INT16 -> DataType.Primitive.INT16;
            case INT32 -> DataType.Primitive.INT32;
            case INT64 -> DataType.Primitive.INT64;
            case FLOAT32 -> DataType.Primitive.FLOAT32;
            case FLOAT64 -> DataType.Primitive.FLOAT64;
            case BOOLEAN -> DataType.Primitive.BOOLEAN;
            case STRING -> DataType.Primitive.STRING;
            case BYTES -> DataType.Primitive.BYTES;
            case ARRAY -> new DataType.Array(field("element", s.valueSchema(), path + "[]"));
            case MAP ->
                new DataType.MapOf(
                        new DataType.Field("key", type(s.keySchema(), path + ".key"), false),
                        field("value", s.valueSchema(), path + ".value"));
            case STRUCT -> {
                List<DataType.Field> fields = new ArrayList<>();
                for (Field f : s.fields()) {
                    fields.add(field(f.name(), f.schema(), path + "." + f.name()));
                }
                if (fields.isEmpty()) {
                    throw new UnencodableRecordException(
                            "the struct " + path + " has no fields; Parquet cannot store an empty group", null);
                }
                yield new DataType.Struct(fields);
            }
        };
    }

    private static DataType.Field field(String name, Schema s, String path) {
        return new DataType.Field(name, type(s, path), s.isOptional());
    }

    // ------------------------------------------------------------------ values

    static Object value(Schema s, Object v, String path) {
        if (v == null) {
            return null;
        }
        String logical = s.name();
        if (logical != null) {
            switch (logical) {
                case Decimal.LOGICAL_NAME -> {
                    return (BigDecimal) v;
                }
                case Date.LOGICAL_NAME -> {
                    return Date.fromLogical(s, (java.util.Date) v);
                }
                case Time.LOGICAL_NAME -> {
                    return Time.fromLogical(s, (java.util.Date) v);
                }
                case Timestamp.LOGICAL_NAME -> {
                    return Timestamp.fromLogical(s, (java.util.Date) v);
                }
                default -> {
                    // as its type
                }
            }
        }
        return switch (s.type()) {
            case BYTES -> v instanceof ByteBuffer bb ? bytes(bb) : v;
            case ARRAY -> {
                List<?> list = (List<?>) v;
                List<Object> out = new ArrayList<>(list.size());
                int i = 0;
                for (Object e : list) {
                    out.add(value(s.valueSchema(), e, path + "[" + i++ + "]"));
                }
                yield out;
            }
            case MAP -> {
                Map<?, ?> map = (Map<?, ?>) v;
                Map<Object, Object> out = new LinkedHashMap<>();
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    out.put(
                            value(s.keySchema(), e.getKey(), path + ".key"),
                            value(s.valueSchema(), e.getValue(), path + "[" + e.getKey() + "]"));
                }
                yield out;
            }
            case STRUCT -> {
                Struct struct = (Struct) v;
                List<Field> fields = s.fields();
                Object[] out = new Object[fields.size()];
                for (int i = 0; i < out.length; i++) {
                    Field f = fields.get(i);
                    out[i] = value(f.schema(), struct.get(f), path + "." + f.name());
                }
                yield out;
            }
            default -> v;
        };
    }

    private static byte[] bytes(ByteBuffer bb) {
        ByteBuffer d = bb.duplicate();
        byte[] b = new byte[d.remaining()];
        d.get(b);
        return b;
    }

    /** The JSON text of a value, null for null. */
    static String jsonText(Schema schema, Object value) {
        if (value == null) {
            return null;
        }
        try {
            return JsonLinesEnvelopeFormat.mapper().writeValueAsString(ConnectDataJson.toJson(schema, value));
        } catch (JsonProcessingException e) {
            throw new DataException(
                    "cannot write a value of " + value.getClass().getName() + " as JSON", e);
        }
    }
}
