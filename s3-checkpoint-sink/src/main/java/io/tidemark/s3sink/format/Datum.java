package io.tidemark.s3sink.format;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A key, value or header value as the envelope stores it: JSON for structured and textual data,
 * raw bytes (base64 in the envelope) for binary data, or null.
 */
public record Datum(JsonNode json, byte[] bytes) {

    public static final Datum NULL = new Datum(null, null);

    public static Datum ofJson(JsonNode json) {
        return new Datum(json, null);
    }

    public static Datum ofBytes(byte[] bytes) {
        return new Datum(null, bytes);
    }

    public boolean isNull() {
        return bytes == null && (json == null || json.isNull());
    }
}
