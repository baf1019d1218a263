/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.s3sink.format;

import java.util.List;

/**
 * One Kafka record as the sink stores it: enough to replay it exactly (topic, partition, offset,
 * timestamp and its type, key, value, headers in order).
 */
public record EnvelopeRecord(
        String topic,
        int partition,
        long offset,
        Long timestamp,
        String timestampType,
        Datum key,
        Datum value,
        List<Header> headers) {

    /** A record header; names may repeat and order is kept. */
    public record Header(String key, Datum value) {}
}
