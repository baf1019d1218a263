/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.s3sink.connect;

import io.tidemark.s3sink.TopicPartitionId;
import io.tidemark.s3sink.format.EnvelopeRecord;
import io.tidemark.s3sink.format.JsonLinesEnvelopeFormat;
import io.tidemark.s3sink.format.NullValuePolicy;
import io.tidemark.s3sink.format.ParquetRecordFormat;
import io.tidemark.s3sink.format.RawValueFormat;
import io.tidemark.s3sink.format.RecordFormat;
import io.tidemark.s3sink.format.RowSchema;
import io.tidemark.s3sink.format.UnencodableRecordException;
import io.tidemark.s3sink.pipeline.EncodedRecord;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.sink.SinkRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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

    private static final Logger LOG = LoggerFactory.getLogger(SinkRecordEncoder.class);

    private final RecordFormat format;
    private final NullValuePolicy nullValues;
    /** Set for the JSON envelope format: writes common records without Jackson, byte for byte the same. */
    private final FastJsonEnvelopeWriter fast;
    /** Set for the Parquet format: rows typed from the Connect schemas. */
    private final ParquetRecordFormat parquet;

    private final ConnectParquetRows rows;
    /** Resolves the key template's record variables; null when the template has none. */
    private final KeyPathResolver paths;

    private boolean warnedIgnoring;

    /** An encoder that writes null values as the format does ({@link NullValuePolicy#WRITE}). */
    public SinkRecordEncoder(RecordFormat format) {
        this(format, NullValuePolicy.WRITE, null);
    }

    /** An encoder that applies {@code nullValues} to every record with a null value, whatever the format. */
    public SinkRecordEncoder(RecordFormat format, NullValuePolicy nullValues) {
        this(format, nullValues, null);
    }

    /**
     * An encoder that applies {@code nullValues} to every record with a null value, whatever the format, and
     * resolves each record's object key path with {@code paths} (null: a key template without record variables).
     */
    public SinkRecordEncoder(RecordFormat format, NullValuePolicy nullValues, KeyPathResolver paths) {
        this.format = format;
        this.nullValues = nullValues;
        this.fast = format instanceof JsonLinesEnvelopeFormat ? new FastJsonEnvelopeWriter() : null;
        this.parquet = format instanceof ParquetRecordFormat p ? p : null;
        this.rows = parquet == null ? null : new ConnectParquetRows(parquet.schemaless());
        this.paths = paths;
    }

    /**
     * The encoded record; for a null value with {@link NullValuePolicy#IGNORE}, a
     * {@linkplain EncodedRecord#skipped skipped} record (consumed, not written).
     *
     * @throws io.tidemark.s3sink.format.UnencodableRecordException when the format cannot write the
     *     record, its value is null with {@link NullValuePolicy#FAIL}, or its object key cannot be built
     *     from the key template (no timestamp, a missing field)
     * @throws org.apache.kafka.connect.errors.DataException when a value is of a type JSON cannot hold
     */
    public EncodedRecord encode(SinkRecord r) {
        if (r.value() == null && nullValues != NullValuePolicy.WRITE) {
            return nullValue(r);
        }
        if (paths == null) {
            return encode(r, null);
        }
        TopicPartitionId tp = new TopicPartitionId(r.originalTopic(), r.originalKafkaPartition());
        return encode(r, paths.resolve(r, tp));
    }

    private EncodedRecord encode(SinkRecord r, String path) {
        if (parquet != null) {
            RowSchema schema = rows.schema(r);
            byte[] bytes = parquet.encode(schema, rows.row(r, schema));
            return new EncodedRecord(
                    new TopicPartitionId(r.originalTopic(), r.originalKafkaPartition()),
                    r.originalKafkaOffset(),
                    r.timestamp(),
                    bytes,
                    schema.fingerprint(),
                    path);
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
                return new EncodedRecord(new TopicPartitionId(topic, partition), offset, r.timestamp(), line, path);
            }
        }
        EncodedRecord e = encodeWithFormat(r);
        return path == null ? e : new EncodedRecord(e.tp(), e.offset(), e.timestamp(), e.bytes(), path);
    }

    private EncodedRecord nullValue(SinkRecord r) {
        String where = r.originalTopic() + "/" + r.originalKafkaPartition() + "/" + r.originalKafkaOffset();
        if (nullValues == NullValuePolicy.FAIL) {
            throw new UnencodableRecordException(
                    "the value of record " + where + " (topic/partition/offset) is null (a tombstone) and "
                            + S3CheckpointSinkConfig.NULL_VALUES_CONFIG + "=fail"
                            + (format instanceof RawValueFormat
                                    ? " (this format.type cannot tell a null value from an empty one)"
                                    : "")
                            + ". Set " + S3CheckpointSinkConfig.NULL_VALUES_CONFIG
                            + "=ignore to consume tombstones without writing them"
                            + (format instanceof RawValueFormat
                                    ? ", or format.type=json with write to keep them"
                                    : ", or write to keep them as a null value"),
                    null);
        }
        if (!warnedIgnoring) {
            warnedIgnoring = true;
            LOG.warn(
                    "Record {} has a null value (a tombstone): not written because {}=ignore. Such records are"
                            + " consumed and counted in the metric {}; each is logged at DEBUG, this WARN only once"
                            + " per task",
                    where,
                    S3CheckpointSinkConfig.NULL_VALUES_CONFIG,
                    SinkMetrics.NULL_VALUES_IGNORED);
        } else {
            LOG.debug(
                    "Record {} has a null value: not written ({}=ignore)",
                    where,
                    S3CheckpointSinkConfig.NULL_VALUES_CONFIG);
        }
        return EncodedRecord.skipped(
                new TopicPartitionId(r.originalTopic(), r.originalKafkaPartition()),
                r.originalKafkaOffset(),
                r.timestamp());
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
