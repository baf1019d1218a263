/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.s3sink.format;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The staged form of a Parquet row: an append-only, lossless binary encoding of one record, written
 * to the chunk file as the record arrives (so an open chunk holds no Parquet writer and no row group
 * in heap) and turned into Parquet when the chunk is sealed ({@link ParquetChunkTranscoder}).
 *
 * <pre>
 * int    length of the rest of the record
 * long   fingerprint of the RowSchema
 * string topic, int partition, long offset
 * byte 0|1 [long timestamp], byte 0|1 [string timestamp type]
 * byte 0|1 [key as its type], byte 0|1 [value as its type]
 * int    header count, then per header: string name, byte 0|1 [string JSON value]
 * </pre>
 * Strings are an int length and UTF-8, bytes an int length and the bytes, decimals the unscaled
 * value's two's-complement big-endian bytes (as Parquet stores them), lists and maps an int count
 * and their elements (key, presence byte, value), structs their fields in order, each with a
 * presence byte. Numbers are big-endian. Used by one thread (it reuses its buffer).
 */
public final class RowEncoding {

    private byte[] buf = new byte[1024];
    private int pos;

    /**
     * The staged bytes of {@code row}.
     *
     * @throws UnencodableRecordException when a value does not fit its type (a null in a required
     *     field, a decimal with more digits than its precision, a Java type the schema does not name)
     */
    public byte[] encode(RowSchema schema, Row row) {
        pos = 0;
        putInt(0);
        putLong(schema.fingerprint());
        putString(row.topic());
        putInt(row.partition());
        putLong(row.offset());
        if (row.timestamp() == null) {
            put((byte) 0);
        } else {
            put((byte) 1);
            putLong(row.timestamp());
        }
        optionalString(row.timestampType());
        try {
            optional(schema.key(), row.key(), "key");
            optional(schema.value(), row.value(), "value");
        } catch (ClassCastException e) {
            throw new UnencodableRecordException(where(row) + " does not match its schema: " + e.getMessage(), e);
        } catch (UnencodableRecordException e) {
            throw new UnencodableRecordException(where(row) + ": " + e.getMessage(), e);
        }
        List<Row.Header> headers = row.headers() == null ? List.of() : row.headers();
        putInt(headers.size());
        for (Row.Header h : headers) {
            putString(h.key());
            optionalString(h.jsonValue());
        }
        int length = pos - 4;
        buf[0] = (byte) (length >>> 24);
        buf[1] = (byte) (length >>> 16);
        buf[2] = (byte) (length >>> 8);
        buf[3] = (byte) length;
        return Arrays.copyOf(buf, pos);
    }

    private static String where(Row row) {
        return "record " + row.topic() + "-" + row.partition() + "@" + row.offset();
    }

    private void optional(DataType type, Object value, String path) {
        if (value == null) {
            put((byte) 0);
        } else {
            put((byte) 1);
            value(type, value, path);
        }
    }

    private void field(DataType.Field f, Object value, String path) {
        if (value == null && !f.optional()) {
            throw new UnencodableRecordException("the required field " + path + " is null", null);
        }
        optional(f.type(), value, path);
    }

    private void value(DataType type, Object v, String path) {
        if (type instanceof DataType.Primitive p) {
            switch (p) {
                case BOOLEAN -> put((byte) (((Boolean) v) ? 1 : 0));
                case INT8, INT16, INT32, DATE, TIME_MILLIS -> putInt(((Number) integral(v, path)).intValue());
                case INT64, TIMESTAMP_MILLIS -> putLong(((Number) integral(v, path)).longValue());
                case FLOAT32 -> putInt(Float.floatToRawIntBits((Float) v));
                case FLOAT64 -> putLong(Double.doubleToRawLongBits((Double) v));
                case STRING -> putString((String) v);
                case BYTES -> putBytes((byte[]) v);
            }
        } else if (type instanceof DataType.Decimal d) {
            putBytes(unscaled(d, (BigDecimal) v, path).toByteArray());
        } else if (type instanceof DataType.Array a) {
            List<?> list = (List<?>) v;
            putInt(list.size());
            int i = 0;
            for (Object e : list) {
                field(a.element(), e, path + "[" + i++ + "]");
            }
        } else if (type instanceof DataType.MapOf m) {
            Map<?, ?> map = (Map<?, ?>) v;
            putInt(map.size());
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (e.getKey() == null) {
                    throw new UnencodableRecordException(
                            "the map " + path + " has a null key, which Parquet cannot store", null);
                }
                value(m.key().type(), e.getKey(), path + ".key");
                field(m.value(), e.getValue(), path + "[" + e.getKey() + "]");
            }
        } else if (type instanceof DataType.Struct s) {
            Object[] values = (Object[]) v;
            List<DataType.Field> fields = s.fields();
            for (int i = 0; i < fields.size(); i++) {
                field(fields.get(i), values[i], path + "." + fields.get(i).name());
            }
        }
    }

    private static Object integral(Object v, String path) {
        if (v instanceof Byte || v instanceof Short || v instanceof Integer || v instanceof Long) {
            return v;
        }
        throw new UnencodableRecordException(
                path + " is a " + v.getClass().getSimpleName() + " where an integer is expected", null);
    }

    private static BigInteger unscaled(DataType.Decimal d, BigDecimal v, String path) {
        BigDecimal scaled;
        try {
            scaled = v.setScale(d.scale(), RoundingMode.UNNECESSARY);
        } catch (ArithmeticException e) {
            throw new UnencodableRecordException(
                    "the decimal " + path + " (" + v + ") has more than the " + d.scale() + " digits after the point"
                            + " of its schema",
                    e);
        }
        if (scaled.precision() > d.precision() && scaled.signum() != 0) {
            throw new UnencodableRecordException(
                    "the decimal " + path + " (" + v + ") has more than the " + d.precision() + " digits of its"
                            + " precision (set connect.decimal.precision in the schema to allow more)",
                    null);
        }
        return scaled.unscaledValue();
    }

    private void optionalString(String s) {
        if (s == null) {
            put((byte) 0);
        } else {
            put((byte) 1);
            putString(s);
        }
    }

    private void ensure(int n) {
        if (pos + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + n));
        }
    }

    private void put(byte b) {
        ensure(1);
        buf[pos++] = b;
    }

    private void putInt(int v) {
        ensure(4);
        buf[pos++] = (byte) (v >>> 24);
        buf[pos++] = (byte) (v >>> 16);
        buf[pos++] = (byte) (v >>> 8);
        buf[pos++] = (byte) v;
    }

    private void putLong(long v) {
        putInt((int) (v >>> 32));
        putInt((int) v);
    }

    private void putString(String s) {
        putBytes(s.getBytes(StandardCharsets.UTF_8));
    }

    private void putBytes(byte[] b) {
        putInt(b.length);
        ensure(b.length);
        System.arraycopy(b, 0, buf, pos, b.length);
        pos += b.length;
    }

    // ------------------------------------------------------------------ reading

    /** Reads a length-prefixed string at the buffer's position. */
    static String getString(ByteBuffer in) {
        byte[] b = getBytes(in);
        return new String(b, StandardCharsets.UTF_8);
    }

    static byte[] getBytes(ByteBuffer in) {
        int n = in.getInt();
        if (n < 0 || n > in.remaining()) {
            throw new IllegalStateException(
                    "staged row is corrupt: a length of " + n + " with " + in.remaining() + " bytes left");
        }
        byte[] b = new byte[n];
        in.get(b);
        return b;
    }
}
