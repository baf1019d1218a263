/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.s3sink.restore;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidemark.s3sink.format.JsonLinesEnvelopeFormat;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Decodes one line of the JSON envelope format ({@link JsonLinesEnvelopeFormat}) into a
 * {@link RestoredRecord}: {@code keyBase64} / {@code valueBase64} (and the same in headers) are the
 * original bytes; {@code key} / {@code value} hold JSON, returned as UTF-8 text.
 */
public final class EnvelopeDecoder {

    private static final ObjectMapper MAPPER = JsonLinesEnvelopeFormat.mapper();

    private EnvelopeDecoder() {}

    /** @throws IllegalArgumentException naming {@code where} when the line is not an envelope */
    public static RestoredRecord decode(String line, String where) {
        JsonNode env;
        try {
            env = MAPPER.readTree(line);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(where + " holds a line that is not JSON: " + e.getOriginalMessage(), e);
        }
        return decode(env, where);
    }

    /** As {@link #decode(String, String)}, for an envelope already parsed. */
    public static RestoredRecord decode(JsonNode env, String where) {
        if (env == null || !env.isObject()) {
            throw new IllegalArgumentException(where + " holds a line that is not a JSON object");
        }
        JsonNode topic = env.get("topic");
        JsonNode partition = env.get("partition");
        JsonNode offset = env.get("offset");
        if (topic == null
                || !topic.isTextual()
                || partition == null
                || !partition.canConvertToInt()
                || offset == null
                || !offset.canConvertToLong()) {
            throw new IllegalArgumentException(
                    where + " holds a line that is not a record envelope (topic, partition and offset are required)");
        }
        JsonNode ts = env.get("timestamp");
        JsonNode tsType = env.get("timestampType");
        List<RestoredRecord.Header> headers = List.of();
        JsonNode hs = env.get("headers");
        if (hs != null && hs.isArray() && !hs.isEmpty()) {
            headers = new ArrayList<>(hs.size());
            for (JsonNode h : hs) {
                headers.add(new RestoredRecord.Header(h.path("key").asText(), datum(h, "value", where)));
            }
        }
        return new RestoredRecord(
                topic.textValue(),
                partition.intValue(),
                offset.longValue(),
                ts == null || ts.isNull() ? null : ts.longValue(),
                tsType == null || tsType.isNull() ? null : tsType.asText(),
                datum(env, "key", where),
                datum(env, "value", where),
                headers);
    }

    private static byte[] datum(JsonNode node, String field, String where) {
        JsonNode b64 = node.get(field + "Base64");
        if (b64 != null && !b64.isNull()) {
            try {
                return Base64.getDecoder().decode(b64.asText());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + " holds a " + field + "Base64 that is not base64", e);
            }
        }
        JsonNode j = node.get(field);
        if (j == null || j.isNull()) {
            return null;
        }
        if (j.isTextual()) {
            return j.textValue().getBytes(StandardCharsets.UTF_8);
        }
        try {
            return MAPPER.writeValueAsBytes(j);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON back out: " + e.getOriginalMessage(), e);
        }
    }
}
