/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.s3sink.format;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;

/**
 * The fields that place a record in Kafka, as the JSON envelope writes them (and the read-back tools print them):
 * topic, partition, offset, timestamp (null when the record has none) and timestampType (left out when unknown).
 */
public final class EnvelopeCoordinates {

    private EnvelopeCoordinates() {}

    /** Writes the coordinate fields into the object {@code g} is in. */
    public static void write(
            JsonGenerator g, String topic, int partition, long offset, Long timestamp, String timestampType)
            throws IOException {
        g.writeStringField("topic", topic);
        g.writeNumberField("partition", partition);
        g.writeNumberField("offset", offset);
        if (timestamp == null) {
            g.writeNullField("timestamp");
        } else {
            g.writeNumberField("timestamp", timestamp);
        }
        if (timestampType != null) {
            g.writeStringField("timestampType", timestampType);
        }
    }
}
