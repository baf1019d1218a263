/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.s3sink.connect;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.Map;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.header.Headers;

/**
 * A hand-written writer of the JSON envelope ({@link io.tidemark.s3sink.format.JsonLinesEnvelopeFormat})
 * for the common value types, straight from Connect data into a reused byte buffer: strings,
 * booleans, integral numbers, doubles and floats, byte arrays and byte buffers, maps, lists and
 * structs of those, and nulls. It produces exactly the bytes the Jackson path writes (Jackson's
 * default escaping: {@code \" \\ \b \t \n \f \r}, other control characters as upper-case
 * {@code \}{@code u00XX}, everything else as UTF-8; non-finite numbers quoted; base64 with the
 * standard alphabet and padding). Whenever a record holds anything else (decimals, dates, other
 * logical types, text outside the Basic Multilingual Plane, unknown classes) {@link #encode} returns null and the caller
 * writes the record through Jackson as before, so the output never depends on which path ran.
 *
 * <p>Used by one thread (the buffer is reused).
 */
final class FastJsonEnvelopeWriter {

    private static final byte[] HEX = "0123456789ABCDEF".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    /** 0: copy as is; other: the character after the backslash ('u' for the six-byte form). */
    private static final byte[] ESCAPES = new byte[128];

    private static final Base64.Encoder BASE64 = Base64.getEncoder();
    private static final int MAX_DEPTH = 100;
    private static final int STRING_SEGMENT = 4096;
    /** Buffers grown beyond this by a large record are dropped after it, not kept for the task's life. */
    private static final int KEEP_BUFFER_BYTES = 1 << 20;

    static {
        for (int i = 0; i < 32; i++) {
            ESCAPES[i] = 'u';
        }
        ESCAPES['"'] = '"';
        ESCAPES['\\'] = '\\';
        ESCAPES['\b'] = 'b';
        ESCAPES['\t'] = 't';
        ESCAPES['\n'] = 'n';
        ESCAPES['\f'] = 'f';
        ESCAPES['\r'] = 'r';
    }

    /** Thrown inside the writer when the record needs the Jackson path; never escapes this class. */
    private static final class Unsupported extends Exception {
        private static final Unsupported INSTANCE = new Unsupported();

        private Unsupported() {
            super(null, null, false, false);
        }
    }

    private byte[] buf = new byte[1024];
    private int pos;

    /**
     * The envelope line (with its newline) of the record, or null when it holds a value this writer
     * does not handle (the caller then takes the Jackson path).
     */
    byte[] encode(
            String topic,
            int partition,
            long offset,
            Long timestamp,
            String timestampType,
            Object key,
            Object value,
            Headers headers) {
        pos = 0;
        try {
            raw("{\"topic\":");
            string(topic);
            raw(",\"partition\":");
            number(partition);
            raw(",\"offset\":");
            number(offset);
            raw(",\"timestamp\":");
            if (timestamp == null) {
                raw("null");
            } else {
                number(timestamp);
            }
            if (timestampType != null) {
                raw(",\"timestampType\":");
                string(timestampType);
            }
            datumField(",\"key", key);
            datumField(",\"value", value);
            if (headers != null && !headers.isEmpty()) {
                raw(",\"headers\":[");
                boolean first = true;
                for (Header h : headers) {
                    if (!first) {
                        put((byte) ',');
                    }
                    first = false;
                    raw("{\"key\":");
                    string(h.key());
                    datumField(",\"value", h.value());
                    put((byte) '}');
                }
                put((byte) ']');
            }
            put((byte) '}');
            put((byte) '\n');
            return Arrays.copyOf(buf, pos);
        } catch (Unsupported e) {
            return null;
        } finally {
            if (buf.length > KEEP_BUFFER_BYTES) {
                buf = new byte[1024];
            }
            if (scratch.length > KEEP_BUFFER_BYTES) {
                scratch = new byte[256];
            }
        }
    }

    /** {@code prefix} is the opening of the field name without its closing quote. */
    private void datumField(String prefix, Object v) throws Unsupported {
        raw(prefix);
        if (v == null) {
            raw("\":null");
        } else if (v instanceof byte[] b) {
            raw("Base64\":");
            base64(b);
        } else if (v instanceof ByteBuffer bb) {
            raw("Base64\":");
            base64(bytes(bb));
        } else {
            raw("\":");
            value(v, 0);
        }
    }

    private void value(Object v, int depth) throws Unsupported {
        if (depth > MAX_DEPTH) {
            throw Unsupported.INSTANCE;
        }
        if (v == null) {
            raw("null");
        } else if (v instanceof String s) {
            string(s);
        } else if (v instanceof Long n) {
            number(n);
        } else if (v instanceof Integer n) {
            number(n);
        } else if (v instanceof Double d) {
            floating(Double.toString(d), Double.isFinite(d));
        } else if (v instanceof Boolean b) {
            raw(b ? "true" : "false");
        } else if (v instanceof Float f) {
            floating(Float.toString(f), Float.isFinite(f));
        } else if (v instanceof Short n) {
            number(n);
        } else if (v instanceof Byte n) {
            number(n);
        } else if (v instanceof byte[] b) {
            base64(b);
        } else if (v instanceof ByteBuffer bb) {
            base64(bytes(bb));
        } else if (v instanceof Map<?, ?> m) {
            map(m, depth);
        } else if (v instanceof Struct s) {
            put((byte) '{');
            boolean first = true;
            for (Field f : s.schema().fields()) {
                if (!first) {
                    put((byte) ',');
                }
                first = false;
                string(f.name());
                put((byte) ':');
                value(s.get(f), depth + 1);
            }
            put((byte) '}');
        } else if (v instanceof Collection<?> c) {
            put((byte) '[');
            boolean first = true;
            for (Object o : c) {
                if (!first) {
                    put((byte) ',');
                }
                first = false;
                value(o, depth + 1);
            }
            put((byte) ']');
        } else {
            // BigDecimal, java.util.Date and anything else: the Jackson path decides
            throw Unsupported.INSTANCE;
        }
    }

    private void map(Map<?, ?> m, int depth) throws Unsupported {
        boolean stringKeys = true;
        for (Object k : m.keySet()) {
            if (!(k instanceof String)) {
                stringKeys = false;
                break;
            }
        }
        boolean first = true;
        if (stringKeys) {
            put((byte) '{');
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!first) {
                    put((byte) ',');
                }
                first = false;
                string((String) e.getKey());
                put((byte) ':');
                value(e.getValue(), depth + 1);
            }
            put((byte) '}');
        } else {
            put((byte) '[');
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!first) {
                    put((byte) ',');
                }
                first = false;
                put((byte) '[');
                value(e.getKey(), depth + 1);
                put((byte) ',');
                value(e.getValue(), depth + 1);
                put((byte) ']');
            }
            put((byte) ']');
        }
    }

    private void string(String s) throws Unsupported {
        if (s == null) {
            throw Unsupported.INSTANCE;
        }
        int n = s.length();
        put((byte) '"');
        // in segments, so a long string reserves at most 6 bytes per character of one segment
        for (int start = 0; start < n; start += STRING_SEGMENT) {
            int end = Math.min(n, start + STRING_SEGMENT);
            ensure((end - start) * 6 + 1);
            byte[] b = buf;
            int p = pos;
            for (int i = start; i < end; i++) {
                char c = s.charAt(i);
                if (c < 128) {
                    byte esc = ESCAPES[c];
                    if (esc == 0) {
                        b[p++] = (byte) c;
                    } else {
                        b[p++] = '\\';
                        b[p++] = esc;
                        if (esc == 'u') {
                            b[p++] = '0';
                            b[p++] = '0';
                            b[p++] = HEX[c >> 4];
                            b[p++] = HEX[c & 0xF];
                        }
                    }
                } else if (c < 0x800) {
                    b[p++] = (byte) (0xC0 | (c >> 6));
                    b[p++] = (byte) (0x80 | (c & 0x3F));
                } else if (Character.isSurrogate(c)) {
                    // Jackson writes surrogates (paired or not) as escapes, version-dependent: its path decides
                    throw Unsupported.INSTANCE;
                } else {
                    b[p++] = (byte) (0xE0 | (c >> 12));
                    b[p++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                    b[p++] = (byte) (0x80 | (c & 0x3F));
                }
            }
            pos = p;
        }
        put((byte) '"');
    }

    private void base64(byte[] data) {
        int len = 4 * ((data.length + 2) / 3);
        if (scratch.length < len) {
            scratch = new byte[Math.max(len, 256)];
        }
        int n = BASE64.encode(data, scratch);
        ensure(n + 2);
        buf[pos++] = '"';
        System.arraycopy(scratch, 0, buf, pos, n);
        pos += n;
        buf[pos++] = '"';
    }

    private byte[] scratch = new byte[256];

    /** Decimal text of a long, as {@link Long#toString(long)}, two digits per step from a table. */
    private void number(long v) {
        ensure(20);
        if (v == Long.MIN_VALUE) {
            raw(Long.toString(v));
            return;
        }
        byte[] b = buf;
        int p = pos;
        if (v < 0) {
            b[p++] = '-';
            v = -v;
        }
        int end = p + digits(v);
        int i = end;
        while (v >= 100) {
            int r = (int) (v % 100);
            v /= 100;
            b[--i] = DIGIT_ONES[r];
            b[--i] = DIGIT_TENS[r];
        }
        int r = (int) v;
        b[--i] = DIGIT_ONES[r];
        if (r >= 10) {
            b[--i] = DIGIT_TENS[r];
        }
        pos = end;
    }

    private static final byte[] DIGIT_TENS = new byte[100];
    private static final byte[] DIGIT_ONES = new byte[100];

    static {
        for (int i = 0; i < 100; i++) {
            DIGIT_TENS[i] = (byte) ('0' + i / 10);
            DIGIT_ONES[i] = (byte) ('0' + i % 10);
        }
    }

    private static int digits(long v) {
        long p = 10;
        for (int i = 1; i < 19; i++) {
            if (v < p) {
                return i;
            }
            p *= 10;
        }
        return 19;
    }

    /** ASCII only (field names and number text). */
    /** A float or double as its Java text; NaN and the infinities, which JSON has no number for, quoted. */
    private void floating(String text, boolean finite) {
        if (!finite) {
            put((byte) '"');
        }
        raw(text);
        if (!finite) {
            put((byte) '"');
        }
    }

    private void raw(String s) {
        int n = s.length();
        ensure(n);
        byte[] b = buf;
        int p = pos;
        for (int i = 0; i < n; i++) {
            b[p++] = (byte) s.charAt(i);
        }
        pos = p;
    }

    private void put(byte c) {
        ensure(1);
        buf[pos++] = c;
    }

    private void ensure(int more) {
        if (pos + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + more));
        }
    }

    private static byte[] bytes(ByteBuffer bb) {
        ByteBuffer d = bb.duplicate();
        byte[] b = new byte[d.remaining()];
        d.get(b);
        return b;
    }
}
