/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.filesource.connect;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/**
 * Keeps every record under the producer's {@code max.request.size}, which the producer checks
 * against the serialized key, value and headers of one record plus its framing. A record over it
 * is refused ({@code RecordTooLargeException}) and would fail the task at the same line on every
 * restart, so lines are cut before that can happen.
 *
 * <p>Two limits follow from {@code max.request.size}:
 * <ul>
 *   <li>{@link #maxLineBytes(int)}: the longest line the reader keeps, {@code line.max.bytes} but at
 *       most {@code max.request.size - }{@value #ENVELOPE_RESERVE_BYTES}, so that line.max.action
 *       (truncate, skip, fail) applies at a length whose record fits with room for the key and the
 *       headers of ordinary paths;</li>
 *   <li>{@link #valueBudget(int)}: per record, what is left for the value once its key and headers
 *       (measured as the default converters write them: UTF-8 strings, longs as decimal text) and
 *       {@value #FRAMING_MARGIN_BYTES} bytes of batch and record framing are taken. It only cuts
 *       further when the key and headers are unusually long (paths of several KiB) or the decoded
 *       text is longer in UTF-8 than in the file's charset.</li>
 * </ul>
 */
final class RecordSizeBudget {

    /** The producer setting a connector may override (the worker must allow client overrides). */
    static final String MAX_REQUEST_SIZE_OVERRIDE = "producer.override.max.request.size";
    /** Kafka's default {@code max.request.size}. */
    static final int KAFKA_DEFAULT_MAX_REQUEST_SIZE = 1024 * 1024;
    /**
     * Framing the producer adds to one record: the record batch header (61 bytes) and the record's
     * varint lengths, attributes, timestamp and offset deltas and per-header lengths (under 100
     * bytes for five headers), rounded up generously.
     */
    static final int FRAMING_MARGIN_BYTES = 512;
    /** Room kept for key, headers and framing when the reader's line limit is derived. */
    static final int ENVELOPE_RESERVE_BYTES = 16 * 1024;
    /** Smallest line limit the reader accepts ({@code line.max.bytes} minimum). */
    static final int MIN_LINE_BYTES = 16;
    /** The most UTF-8 bytes one decoded char can take (a surrogate pair is 4 bytes for 2 chars). */
    private static final int MAX_UTF8_BYTES_PER_CHAR = 3;

    private final int maxRequestSize;

    RecordSizeBudget(int maxRequestSize) {
        this.maxRequestSize = maxRequestSize;
    }

    /** From the task's properties: {@value #MAX_REQUEST_SIZE_OVERRIDE} when set, else Kafka's default. */
    static RecordSizeBudget from(Map<String, ?> props) {
        Object v = props.get(MAX_REQUEST_SIZE_OVERRIDE);
        if (v == null || v.toString().isBlank()) {
            return new RecordSizeBudget(KAFKA_DEFAULT_MAX_REQUEST_SIZE);
        }
        try {
            return new RecordSizeBudget(Integer.parseInt(v.toString().trim()));
        } catch (NumberFormatException e) {
            // the worker validates producer overrides itself; keep the safe default here
            return new RecordSizeBudget(KAFKA_DEFAULT_MAX_REQUEST_SIZE);
        }
    }

    int maxRequestSize() {
        return maxRequestSize;
    }

    /** The reader's line limit: {@code configured}, lowered so that a line of that length fits in a record. */
    int maxLineBytes(int configured) {
        return Math.max(MIN_LINE_BYTES, Math.min(configured, maxRequestSize - ENVELOPE_RESERVE_BYTES));
    }

    /** Bytes left for the serialized value of a record whose key and headers take {@code keyAndHeaderBytes}. */
    int valueBudget(int keyAndHeaderBytes) {
        return Math.max(0, maxRequestSize - FRAMING_MARGIN_BYTES - keyAndHeaderBytes);
    }

    /** {@code value} cut to {@code budget} bytes. */
    static byte[] fit(byte[] value, int budget) {
        return value.length <= budget ? value : Arrays.copyOf(value, budget);
    }

    /** {@code value} cut so that its UTF-8 form takes at most {@code budget} bytes, never inside a surrogate pair. */
    static String fit(String value, int budget) {
        if ((long) value.length() * MAX_UTF8_BYTES_PER_CHAR <= budget) {
            return value;
        }
        int bytes = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            int n;
            int width = 1;
            if (c < 0x80) {
                n = 1;
            } else if (c < 0x800) {
                n = 2;
            } else if (Character.isHighSurrogate(c)
                    && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1))) {
                n = 4;
                width = 2;
            } else {
                n = 3;
            }
            if (bytes + n > budget) {
                return value.substring(0, i);
            }
            bytes += n;
            i += width - 1;
        }
        return value;
    }

    /** UTF-8 length of a string as the default converters write it. */
    static int utf8Length(String s) {
        return s == null ? 0 : s.getBytes(StandardCharsets.UTF_8).length;
    }
}
