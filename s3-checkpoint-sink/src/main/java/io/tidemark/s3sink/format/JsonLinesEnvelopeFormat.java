package io.tidemark.s3sink.format;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * The default format: one JSON object per line,
 * <pre>{"topic":"t","partition":0,"offset":42,"timestamp":1700000000000,"timestampType":"CreateTime",
 *  "key":...,"value":...,"headers":[{"key":"h","value":...}]}</pre>
 * Binary keys, values and header values are written as {@code keyBase64} / {@code valueBase64}
 * instead of {@code key} / {@code value}, so bytes replay exactly. A null key or value is written
 * as JSON null.
 */
public final class JsonLinesEnvelopeFormat implements RecordFormat {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonFactory FACTORY = MAPPER.getFactory();

    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(512);

    @Override
    public byte[] encode(EnvelopeRecord r) {
        buffer.reset();
        try (JsonGenerator g = FACTORY.createGenerator(buffer)) {
            g.writeStartObject();
            g.writeStringField("topic", r.topic());
            g.writeNumberField("partition", r.partition());
            g.writeNumberField("offset", r.offset());
            if (r.timestamp() == null) {
                g.writeNullField("timestamp");
            } else {
                g.writeNumberField("timestamp", r.timestamp());
            }
            if (r.timestampType() != null) {
                g.writeStringField("timestampType", r.timestampType());
            }
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
        } catch (IOException e) {
            throw new UnencodableRecordException("cannot write record " + r.topic() + "-" + r.partition() + "@"
                    + r.offset() + " as JSON: " + e.getMessage(), e);
        }
        buffer.write('\n');
        return buffer.toByteArray();
    }

    private static void writeDatum(JsonGenerator g, String field, Datum d) throws IOException {
        if (d == null || (d.bytes() == null && d.json() == null)) {
            g.writeNullField(field);
        } else if (d.bytes() != null) {
            g.writeFieldName(field + "Base64");
            g.writeBinary(d.bytes());
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

}
