/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.s3sink.format;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;

/**
 * Raw value bytes followed by a separator (default a newline; empty for none). Only binary values
 * (ByteArrayConverter) and text values (StringConverter, or JSON strings) can be written; keys,
 * headers and Kafka coordinates are not stored, so this format cannot replay a record exactly.
 */
public final class RawValueFormat implements RecordFormat {

    private final byte[] separator;

    public RawValueFormat(byte[] separator) {
        this.separator = separator.clone();
    }

    @Override
    public byte[] encode(EnvelopeRecord r) {
        Datum v = r.value();
        byte[] body;
        JsonNode json = v == null || v.bytes() != null ? null : v.json();
        if (v == null || v.isNull()) {
            body = new byte[0];
        } else if (v.bytes() != null) {
            body = v.bytes();
        } else if (json.isTextual()) {
            body = json.textValue().getBytes(StandardCharsets.UTF_8);
        } else {
            throw new UnencodableRecordException(
                    "format.type=raw writes only bytes or strings, but the value of "
                            + r.topic() + "-" + r.partition() + "@" + r.offset() + " is " + json.getNodeType()
                            + "; use format.type=json or a ByteArrayConverter/StringConverter",
                    null);
        }
        byte[] out = new byte[body.length + separator.length];
        System.arraycopy(body, 0, out, 0, body.length);
        System.arraycopy(separator, 0, out, body.length, separator.length);
        return out;
    }

    @Override
    public String extension() {
        return ".bin";
    }

    @Override
    public RecordFormat copy() {
        return new RawValueFormat(separator);
    }
}
