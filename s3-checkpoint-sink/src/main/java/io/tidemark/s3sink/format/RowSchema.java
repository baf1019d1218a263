/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.s3sink.format;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The schema of the rows of one Parquet chunk: the type of the key column and of the value column
 * (the Kafka coordinates and the headers have fixed columns, see {@link ParquetSchemas}). A chunk
 * holds rows of one schema; a record of another schema seals the open chunk first. The
 * {@link #fingerprint()} (the first 8 bytes of SHA-256 of the schema's text) names the schema in
 * the staged rows and tells the engine when it changes.
 */
public record RowSchema(DataType key, DataType value, long fingerprint) {

    public static RowSchema of(DataType key, DataType value) {
        String text = "key=" + key + ";value=" + value;
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            long fp = ByteBuffer.wrap(d).getLong();
            return new RowSchema(key, value, fp == 0 ? 1 : fp);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
