/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.s3sink.connect;

import io.tidemark.s3sink.TopicPartitionId;
import io.tidemark.s3sink.format.EnvelopeRecord;
import io.tidemark.s3sink.format.JsonLinesEnvelopeFormat;
import io.tidemark.s3sink.format.ParquetRecordFormat;
import io.tidemark.s3sink.format.RecordFormat;
import io.tidemark.s3sink.format.RowSchema;
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
 * same bytes without Jackson; other records take the format's path. For Parquet, records become
 * rows typed from their Connect schemas ({@link ConnectParquetRows}), each with its schema's
 * fingerprint, so that a schema change seals the open chunk. Used by one thread (the
 * format and the writer keep buffers).
 */
public final class SinkRecordEncoder {

    private final RecordFormat format;
    /** Set for the JSON envelope format: writes common records without Jackson, byte for byte the same. */
    private final FastJsonEnvelopeWriter fast;
    /** Set for the Parquet format: rows typed from the Connect schemas. */
    private final ParquetRecordFormat parquet;

    private final ConnectParquetRows rows;

    public SinkRecordEncoder(RecordFormat format) {
        this.format = format;
        this.fast = format instanceof JsonLinesEnvelopeFormat ? new FastJsonEnvelopeWriter() : null;
        this.parquet = format instanceof ParquetRecordFormat p ? p : null;
        this.rows = parquet == null ? null : new ConnectParquetRows(parquet.schemaless());
    }

    /**
     * @throws io.tidemark.s3sink.format.UnencodableRecordException when the format cannot write the record
     * @throws org.apache.kafka.connect.errors.DataException when a value is of a type JSON cannot hold
     */
    public EncodedRecord encode(SinkRecord r) {
        if (parquet != null) {
            RowSchema schema = rows.schema(r);
            byte[] bytes = parquet.encode(schema, rows.row(r, schema));
            return new EncodedRecord(
                    new TopicPartitionId(r.originalTopic(), r.originalKafkaPartition()),
                    r.originalKafkaOffset(),
                    r.timestamp(),
                    bytes,
                    schema.fingerprint());
        }
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
                return new EncodedRecord(new TopicPartitionId(topic, partition), offset, r.timestamp(), line);
            }
        }
        return encodeWithFormat(r);
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
