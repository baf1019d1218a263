/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.s3sink.format;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.function.Supplier;

/**
 * A key, value or header value as the envelope stores it: JSON for structured and textual data,
 * raw bytes (base64 in the envelope) for binary data, or null.
 *
 * <p>JSON is held either as a tree ({@link #ofJson}) or as a writer that streams the value into
 * a generator ({@link #ofStreamed}); the latter saves building a tree per record on the hot path.
 * Both produce the same JSON text; {@link #json()} builds the tree on demand for a streamed value.
 */
public final class Datum {

    /** Writes one JSON value into a generator. */
    @FunctionalInterface
    public interface JsonWriter {
        void write(JsonGenerator g) throws IOException;
    }

    public static final Datum NULL = new Datum(null, null, null, null);

    private final JsonNode json;
    private final byte[] bytes;
    private final JsonWriter writer;
    private final Supplier<JsonNode> tree;

    private Datum(JsonNode json, byte[] bytes, JsonWriter writer, Supplier<JsonNode> tree) {
        this.json = json;
        this.bytes = bytes;
        this.writer = writer;
        this.tree = tree;
    }

    public static Datum ofJson(JsonNode json) {
        return new Datum(json, null, null, null);
    }

    public static Datum ofBytes(byte[] bytes) {
        return new Datum(null, bytes, null, null);
    }

    /**
     * A non-null JSON value given by a writer; {@code tree} must build the tree of the same value
     * (for formats and readers that need one).
     */
    public static Datum ofStreamed(JsonWriter writer, Supplier<JsonNode> tree) {
        return new Datum(null, null, writer, tree);
    }

    /** The JSON tree (built on demand for a streamed value); null for bytes and for {@link #NULL}. */
    public JsonNode json() {
        if (json != null) {
            return json;
        }
        return tree == null ? null : tree.get();
    }

    public byte[] bytes() {
        return bytes;
    }

    /** True when the value is JSON (a tree or a streamed value). */
    public boolean isJson() {
        return json != null || writer != null;
    }

    /** The streaming writer, or null when the value is a tree, bytes or null. */
    public JsonWriter writer() {
        return writer;
    }

    public boolean isNull() {
        return bytes == null && writer == null && (json == null || json.isNull());
    }
}
