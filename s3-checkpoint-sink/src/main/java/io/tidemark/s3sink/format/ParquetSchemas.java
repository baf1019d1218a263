/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.s3sink.format;

import java.util.ArrayList;
import java.util.List;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Type.Repetition;
import org.apache.parquet.schema.Types;

/**
 * The Parquet schema of a chunk's rows. Columns, in this order:
 * <pre>
 * message kafka_record {
 *   required binary topic (STRING);
 *   required int32 partition;
 *   required int64 offset;
 *   optional int64 timestamp (TIMESTAMP(MILLIS,true));
 *   optional binary timestamp_type (STRING);      CreateTime / LogAppendTime
 *   optional &lt;key type&gt; key;
 *   optional &lt;value type&gt; value;
 *   optional group headers (LIST) {
 *     repeated group list { required group element { required binary key (STRING); optional binary value (STRING); } }
 *   }
 * }
 * </pre>
 * Key and value types: booleans, INT8/INT16 as int32 with INT(8|16, signed), int32, int64, float,
 * double, strings as binary (STRING), bytes as binary, Date as int32 (DATE), Time as int32
 * (TIME(MILLIS,true)), Timestamp as int64 (TIMESTAMP(MILLIS,true)), Decimal as binary (DECIMAL),
 * arrays as three-level LIST groups (element {@code element}), maps as MAP groups
 * ({@code key_value} with a required {@code key} and a {@code value}), structs as groups of their
 * fields. Key and value are optional whatever their schema says (a null key or value is a null
 * cell); header values are the JSON text of each header value.
 */
public final class ParquetSchemas {

    public static final String MESSAGE_NAME = "kafka_record";

    private ParquetSchemas() {}

    public static MessageType messageType(RowSchema schema) {
        List<Type> fields = new ArrayList<>();
        fields.add(Types.primitive(PrimitiveTypeName.BINARY, Repetition.REQUIRED)
                .as(LogicalTypeAnnotation.stringType())
                .named("topic"));
        fields.add(Types.primitive(PrimitiveTypeName.INT32, Repetition.REQUIRED).named("partition"));
        fields.add(Types.primitive(PrimitiveTypeName.INT64, Repetition.REQUIRED).named("offset"));
        fields.add(Types.primitive(PrimitiveTypeName.INT64, Repetition.OPTIONAL)
                .as(LogicalTypeAnnotation.timestampType(true, TimeUnit.MILLIS))
                .named("timestamp"));
        fields.add(Types.primitive(PrimitiveTypeName.BINARY, Repetition.OPTIONAL)
                .as(LogicalTypeAnnotation.stringType())
                .named("timestamp_type"));
        fields.add(type(schema.key(), Repetition.OPTIONAL, "key"));
        fields.add(type(schema.value(), Repetition.OPTIONAL, "value"));
        GroupType header = new GroupType(
                Repetition.REQUIRED,
                "element",
                Types.primitive(PrimitiveTypeName.BINARY, Repetition.REQUIRED)
                        .as(LogicalTypeAnnotation.stringType())
                        .named("key"),
                Types.primitive(PrimitiveTypeName.BINARY, Repetition.OPTIONAL)
                        .as(LogicalTypeAnnotation.stringType())
                        .named("value"));
        fields.add(group(
                Repetition.OPTIONAL,
                "headers",
                LogicalTypeAnnotation.listType(),
                new GroupType(Repetition.REPEATED, "list", header)));
        return new MessageType(MESSAGE_NAME, fields);
    }

    /**
     * The Parquet type of {@code t} named {@code name}.
     *
     * @throws UnencodableRecordException for a struct without fields (Parquet has no empty groups)
     */
    static Type type(DataType t, Repetition rep, String name) {
        if (t instanceof DataType.Primitive p) {
            return switch (p) {
                case BOOLEAN -> Types.primitive(PrimitiveTypeName.BOOLEAN, rep).named(name);
                case INT8 ->
                    Types.primitive(PrimitiveTypeName.INT32, rep)
                            .as(LogicalTypeAnnotation.intType(8, true))
                            .named(name);
                case INT16 ->
                    Types.primitive(PrimitiveTypeName.INT32, rep)
                            .as(LogicalTypeAnnotation.intType(16, true))
                            .named(name);
                case INT32 -> Types.primitive(PrimitiveTypeName.INT32, rep).named(name);
                case INT64 -> Types.primitive(PrimitiveTypeName.INT64, rep).named(name);
                case FLOAT32 -> Types.primitive(PrimitiveTypeName.FLOAT, rep).named(name);
                case FLOAT64 -> Types.primitive(PrimitiveTypeName.DOUBLE, rep).named(name);
                case STRING ->
                    Types.primitive(PrimitiveTypeName.BINARY, rep)
                            .as(LogicalTypeAnnotation.stringType())
                            .named(name);
                case BYTES -> Types.primitive(PrimitiveTypeName.BINARY, rep).named(name);
                case DATE ->
                    Types.primitive(PrimitiveTypeName.INT32, rep)
                            .as(LogicalTypeAnnotation.dateType())
                            .named(name);
                case TIME_MILLIS ->
                    Types.primitive(PrimitiveTypeName.INT32, rep)
                            .as(LogicalTypeAnnotation.timeType(true, TimeUnit.MILLIS))
                            .named(name);
                case TIMESTAMP_MILLIS ->
                    Types.primitive(PrimitiveTypeName.INT64, rep)
                            .as(LogicalTypeAnnotation.timestampType(true, TimeUnit.MILLIS))
                            .named(name);
            };
        }
        if (t instanceof DataType.Decimal d) {
            return Types.primitive(PrimitiveTypeName.BINARY, rep)
                    .as(LogicalTypeAnnotation.decimalType(d.scale(), d.precision()))
                    .named(name);
        }
        if (t instanceof DataType.Array a) {
            return group(
                    rep,
                    name,
                    LogicalTypeAnnotation.listType(),
                    new GroupType(Repetition.REPEATED, "list", field(a.element(), "element")));
        }
        if (t instanceof DataType.MapOf m) {
            return group(
                    rep,
                    name,
                    LogicalTypeAnnotation.mapType(),
                    new GroupType(
                            Repetition.REPEATED,
                            "key_value",
                            type(m.key().type(), Repetition.REQUIRED, "key"),
                            field(m.value(), "value")));
        }
        DataType.Struct s = (DataType.Struct) t;
        if (s.fields().isEmpty()) {
            throw new UnencodableRecordException(
                    "the struct " + name + " has no fields; Parquet cannot store an empty group", null);
        }
        List<Type> fields = new ArrayList<>();
        for (DataType.Field f : s.fields()) {
            fields.add(field(f, f.name()));
        }
        return new GroupType(rep, name, fields);
    }

    private static Type group(Repetition rep, String name, LogicalTypeAnnotation annotation, Type only) {
        return Types.buildGroup(rep).as(annotation).addField(only).named(name);
    }

    private static Type field(DataType.Field f, String name) {
        return type(f.type(), f.optional() ? Repetition.OPTIONAL : Repetition.REQUIRED, name);
    }
}
