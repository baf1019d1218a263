/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.s3sink.format;

import java.util.List;

/**
 * One Kafka record as a Parquet row: its coordinates, key and value as values of the
 * {@link RowSchema}'s types (see {@link DataType} for the Java type of each), and its headers with
 * their values as JSON text.
 */
public record Row(
        String topic,
        int partition,
        long offset,
        Long timestamp,
        String timestampType,
        Object key,
        Object value,
        List<Header> headers) {

    /** A header: its name and its value as JSON text (null for a null value). */
    public record Header(String key, String jsonValue) {}
}
