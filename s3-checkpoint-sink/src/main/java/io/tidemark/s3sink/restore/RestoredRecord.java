/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.s3sink.restore;

import java.util.List;

/**
 * One record as it was in Kafka, decoded from the sink's JSON envelope: its original topic,
 * partition and offset, timestamp (null when the record had none), key, value and headers in their
 * original order. Keys, values and header values the sink stored as bytes come back byte for byte;
 * ones it stored as JSON (written through a converter that produced structured data) come back as
 * their UTF-8 text (a JSON string as the string itself, anything else as JSON).
 */
public record RestoredRecord(
        String topic,
        int partition,
        long offset,
        Long timestamp,
        String timestampType,
        byte[] key,
        byte[] value,
        List<Header> headers) {

    /** A header; names may repeat, order is kept. A null value stays null. */
    public record Header(String key, byte[] value) {}
}
