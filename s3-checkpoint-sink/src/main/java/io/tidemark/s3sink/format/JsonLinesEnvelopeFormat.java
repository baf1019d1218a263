/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.s3sink.format;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;

/**
 * The default format: one JSON object per line,
 * <pre>{"topic":"t","partition":0,"offset":42,"timestamp":1700000000000,"timestampType":"CreateTime",
 *  "key":...,"value":...,"headers":[{"key":"h","value":...}]}</pre>
 * Binary keys, values and header values are written as {@code keyBase64} / {@code valueBase64}
 * instead of {@code key} / {@code value}, so bytes replay exactly. A null key or value is written
 * as JSON null.
 *
 * <p>One generator is kept per instance and reused for every record (creating a generator per
 * record was a hot spot); records are root values without a separator, each followed by a
 * newline. After a record fails to encode the generator is replaced, so a half-written record
 * never leaks into the next one.
 */
public final class JsonLinesEnvelopeFormat implements RecordFormat {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonFactory FACTORY = MAPPER.getFactory();

    private final Buffer buffer = new Buffer();
    private JsonGenerator generator;

    @Override
    public byte[] encode(EnvelopeRecord r) {
        buffer.reset();
        try {
            JsonGenerator g = generator();
            g.writeStartObject();
            EnvelopeCoordinates.write(g, r.topic(), r.partition(), r.offset(), r.timestamp(), r.timestampType());
            writeDatum(g, "key", r.key());
            writeDatum(g, "value", r.value());
            if (r.headers() != null && !r.headers().isEmpty()) {
                g.writeArrayFieldStart("headers");
                for (EnvelopeRecord.Header h : r.headers()) {
                    g.writeStartObject();
                    g.writeStringField("key", h.key());
                    writeDatum(g, "value", h.value());
                    g.writeEndObject();
                }
                g.writeEndArray();
            }
            g.writeEndObject();
            g.flush();
        } catch (IOException e) {
            generator = null;
            throw new UnencodableRecordException(
                    "cannot write record " + r.topic() + "-" + r.partition() + "@" + r.offset() + " as JSON: "
                            + e.getMessage(),
                    e);
        } catch (RuntimeException e) {
            generator = null;
            throw e;
        }
        buffer.write('\n');
        return buffer.toByteArray();
    }

    private JsonGenerator generator() throws IOException {
        if (generator == null) {
            generator = FACTORY.createGenerator(buffer);
            generator.setRootValueSeparator(null);
        }
        return generator;
    }

    private static void writeDatum(JsonGenerator g, String field, Datum d) throws IOException {
        if (d == null) {
            g.writeNullField(field);
        } else if (d.bytes() != null) {
            g.writeFieldName(field + "Base64");
            g.writeBinary(d.bytes());
        } else if (d.writer() != null) {
            g.writeFieldName(field);
            d.writer().write(g);
        } else if (d.json() == null) {
            g.writeNullField(field);
        } else {
            g.writeFieldName(field);
            MAPPER.writeTree(g, d.json());
        }
    }

    @Override
    public String extension() {
        return ".jsonl";
    }

    @Override
    public RecordFormat copy() {
        return new JsonLinesEnvelopeFormat();
    }

    /** For readers: the mapper that parses envelope lines. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** A reusable byte sink that hands out an exact copy of what was written. */
    private static final class Buffer extends ByteArrayOutputStream {
        Buffer() {
            super(512);
        }

        @Override
        public synchronized byte[] toByteArray() {
            return Arrays.copyOf(buf, count);
        }
    }
}
