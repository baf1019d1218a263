/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.connect.offsets;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidemark.store.CorruptRecordException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the local store keeps per source partition: the partition, the last acknowledged offset,
 * when it was written, and (after an operator changed Connect's offset) which operator offset this
 * position descends from. Stored as JSON so the checkpoint-tool shows it readably.
 *
 * @param base the {@link OffsetSignature#sign signature} of the operator-written offset the task
 *     resumed from, or null when the position does not descend from an operator change
 */
record PositionRecord(Map<String, Object> partition, Map<String, Object> offset, long updatedAt, String base) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

    byte[] encode() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("partition", partition);
        doc.put("offset", offset);
        doc.put("updatedAt", updatedAt);
        if (base != null) {
            doc.put("base", base);
        }
        try {
            return JSON.writeValueAsBytes(doc);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("source offset cannot be stored as JSON: " + e.getOriginalMessage(), e);
        }
    }

    static PositionRecord decode(String key, byte[] bytes) {
        Map<String, Object> doc;
        try {
            doc = JSON.readValue(new String(bytes, StandardCharsets.UTF_8), MAP);
        } catch (JsonProcessingException e) {
            throw new CorruptRecordException(key, "not JSON: " + e.getOriginalMessage(), e);
        }
        if (!(doc.get("partition") instanceof Map<?, ?> p)
                || !(doc.get("offset") instanceof Map<?, ?> o)
                || !(doc.get("updatedAt") instanceof Number at)) {
            throw new CorruptRecordException(key, "expected {partition: {...}, offset: {...}, updatedAt: <ms>}");
        }
        Object base = doc.get("base");
        if (base != null && !(base instanceof String)) {
            throw new CorruptRecordException(key, "field 'base' must be a string");
        }
        return new PositionRecord(normalize(p), normalize(o), at.longValue(), (String) base);
    }

    /** Integral numbers become Long, as Connect's offset reader returns them. */
    static Map<String, Object> normalize(Map<?, ?> in) {
        Map<String, Object> out = new LinkedHashMap<>();
        in.forEach((k, v) -> out.put(
                String.valueOf(k),
                v instanceof Integer || v instanceof Short || v instanceof Byte
                        ? Long.valueOf(((Number) v).longValue())
                        : v));
        return out;
    }

    /** A store key for a partition: its canonical form when short, else a digest of it. */
    static String keyOf(Map<String, ?> partition) {
        String canonical = OffsetSignature.canonical(partition);
        if (canonical.getBytes(StandardCharsets.UTF_8).length <= 300) {
            return canonical;
        }
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(canonical.getBytes(StandardCharsets.UTF_8));
            return "sha256:" + java.util.HexFormat.of().formatHex(digest);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
    }
}
