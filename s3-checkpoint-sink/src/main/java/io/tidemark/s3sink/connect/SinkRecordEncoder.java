/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.s3sink.connect;

import io.tidemark.s3sink.TopicPartitionId;
import io.tidemark.s3sink.format.EnvelopeRecord;
import io.tidemark.s3sink.format.JsonLinesEnvelopeFormat;
import io.tidemark.s3sink.format.RecordFormat;
import io.tidemark.s3sink.pipeline.EncodedRecord;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Turns a Connect record into the bytes the engine stages: its original topic, partition and
 * offset, timestamp, key, value and headers, written by the configured format. Keys, values and
 * headers are streamed from the Connect data into the format (no intermediate JSON tree). For the
 * JSON envelope, records whose data are of the common types (strings, numbers, booleans, bytes,
 * maps, lists, structs, nulls) are written by {@link FastJsonEnvelopeWriter}, which produces the
 * same bytes without Jackson; other records take the format's path. Used by one thread (the
 * format and the writer keep buffers).
 */
public final class SinkRecordEncoder {

    private final RecordFormat format;
    /** Set for the JSON envelope format: writes common records without Jackson, byte for byte the same. */
    private final FastJsonEnvelopeWriter fast;

    /** Resolves the key template's record variables; null when the template has none. */
    private final KeyPathResolver paths;

    public SinkRecordEncoder(RecordFormat format) {
        this(format, null);
    }

    public SinkRecordEncoder(RecordFormat format, KeyPathResolver paths) {
        this.format = format;
        this.fast = format instanceof JsonLinesEnvelopeFormat ? new FastJsonEnvelopeWriter() : null;
        this.paths = paths;
    }

    /**
     * @throws io.tidemark.s3sink.format.UnencodableRecordException when the format cannot write the record
     *     or its object key cannot be built from the key template (no timestamp, a missing field)
     * @throws org.apache.kafka.connect.errors.DataException when a value is of a type JSON cannot hold
     */
    public EncodedRecord encode(SinkRecord r) {
        if (paths == null) {
            return encode(r, null);
        }
        TopicPartitionId tp = new TopicPartitionId(r.originalTopic(), r.originalKafkaPartition());
        return encode(r, paths.resolve(r, tp));
    }

    private EncodedRecord encode(SinkRecord r, String path) {
        if (fast != null) {
            String topic = r.originalTopic();
            int partition = r.originalKafkaPartition();
            long offset = r.originalKafkaOffset();
            byte[] line = fast.encode(
                    topic,
                    partition,
                    offset,
                    r.timestamp(),
                    r.timestampType() == null ? null : r.timestampType().name,
                    r.key(),
                    r.value(),
                    r.headers());
            if (line != null) {
                return new EncodedRecord(new TopicPartitionId(topic, partition), offset, r.timestamp(), line, path);
            }
        }
        EncodedRecord e = encodeWithFormat(r);
        return path == null ? e : new EncodedRecord(e.tp(), e.offset(), e.timestamp(), e.bytes(), path);
    }

    /** The format's own path (Jackson for the JSON envelope); the reference the fast writer must equal. */
    EncodedRecord encodeWithFormat(SinkRecord r) {
        List<EnvelopeRecord.Header> headers;
        if (r.headers().isEmpty()) {
            headers = List.of();
        } else {
            headers = new ArrayList<>();
            for (Header h : r.headers()) {
                headers.add(new EnvelopeRecord.Header(h.key(), ConnectDataJson.toDatum(h.schema(), h.value())));
            }
        }
        String topic = r.originalTopic();
        int partition = r.originalKafkaPartition();
        long offset = r.originalKafkaOffset();
        EnvelopeRecord env = new EnvelopeRecord(
                topic,
                partition,
                offset,
                r.timestamp(),
                r.timestampType() == null ? null : r.timestampType().name,
                ConnectDataJson.toDatum(r.keySchema(), r.key()),
                ConnectDataJson.toDatum(r.valueSchema(), r.value()),
                headers);
        return new EncodedRecord(new TopicPartitionId(topic, partition), offset, r.timestamp(), format.encode(env));
    }
}
