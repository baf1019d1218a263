/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.s3sink.manifest;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidemark.store.CorruptRecordException;
import java.io.IOException;
import java.io.UncheckedIOException;

/** JSON encoding of manifests, catalog entries, change_log ops and local heads. */
public final class ManifestCodec {

    static final ObjectMapper MAPPER =
            new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private ManifestCodec() {}

    public static byte[] encode(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode " + value.getClass().getSimpleName(), e);
        }
    }

    public static <T> T decode(String where, byte[] bytes, Class<T> type) {
        try {
            return MAPPER.readValue(bytes, type);
        } catch (IOException e) {
            throw new CorruptRecordException(where, "not a valid " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    /** Decodes a manifest head of format 1 (unsegmented) or 2 (segmented). */
    public static PartitionManifest decodeManifest(String key, byte[] bytes) {
        PartitionManifest m = decode(key, bytes, PartitionManifest.class);
        if (m.formatVersion() != PartitionManifest.FORMAT_VERSION
                && m.formatVersion() != PartitionManifest.FORMAT_VERSION_UNSEGMENTED) {
            throw new CorruptRecordException(
                    key,
                    "manifest format version " + m.formatVersion()
                            + " is not supported by this version of the sink ("
                            + PartitionManifest.FORMAT_VERSION_UNSEGMENTED
                            + " or " + PartitionManifest.FORMAT_VERSION + ")");
        }
        if (m.formatVersion() == PartitionManifest.FORMAT_VERSION_UNSEGMENTED
                && !m.segments().isEmpty()) {
            throw new CorruptRecordException(key, "manifest format version 1 cannot refer to segments");
        }
        return m;
    }

    public static ManifestSegment decodeSegment(String key, byte[] bytes) {
        ManifestSegment s = decode(key, bytes, ManifestSegment.class);
        if (s.formatVersion() != PartitionManifest.FORMAT_VERSION) {
            throw new CorruptRecordException(
                    key,
                    "manifest segment format version " + s.formatVersion()
                            + " is not supported by this version of the sink (" + PartitionManifest.FORMAT_VERSION
                            + ")");
        }
        return s;
    }
}
