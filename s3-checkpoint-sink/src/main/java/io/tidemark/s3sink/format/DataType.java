/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.s3sink.format;

import java.util.List;

/**
 * The type of a key or value as the Parquet format writes it, free of Connect (the connect package
 * maps Connect schemas onto it). Values of each type, as {@link RowEncoding} takes them:
 * <ul>
 *   <li>{@link Primitive#BOOLEAN} Boolean; INT8/INT16/INT32 Byte/Short/Integer; INT64 Long;
 *       FLOAT32 Float; FLOAT64 Double; STRING String; BYTES byte[]
 *   <li>{@link Primitive#DATE} Integer days since 1970-01-01; {@link Primitive#TIME_MILLIS} Integer
 *       milliseconds since midnight; {@link Primitive#TIMESTAMP_MILLIS} Long milliseconds since the epoch (UTC)
 *   <li>{@link Decimal} BigDecimal of the type's scale; {@link Array} List; {@link MapOf} Map;
 *       {@link Struct} Object[] with the field values in field order
 * </ul>
 * Records and enums, so two equal schemas are equal objects with equal {@code toString()} (the
 * schema fingerprint of a chunk is taken from it).
 */
public sealed interface DataType {

    /** Types without parameters. */
    enum Primitive implements DataType {
        BOOLEAN,
        INT8,
        INT16,
        INT32,
        INT64,
        FLOAT32,
        FLOAT64,
        STRING,
        BYTES,
        DATE,
        TIME_MILLIS,
        TIMESTAMP_MILLIS
    }

    /** A decimal of {@code scale} digits after the point and at most {@code precision} digits in all. */
    record Decimal(int scale, int precision) implements DataType {}

    record Array(Field element) implements DataType {}

    /** A map; its key field is never optional (Parquet map keys are required). */
    record MapOf(Field key, Field value) implements DataType {}

    record Struct(List<Field> fields) implements DataType {
        public Struct {
            fields = List.copyOf(fields);
        }
    }

    /** A named, possibly optional (nullable) field of a struct, or the element/key/value of a container. */
    record Field(String name, DataType type, boolean optional) {}
}
