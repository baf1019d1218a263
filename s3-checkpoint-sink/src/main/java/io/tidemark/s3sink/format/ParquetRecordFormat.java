/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.s3sink.format;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * format.type=parquet. Records are staged as they arrive in {@link RowEncoding}'s append-only
 * binary form (one small write buffer per open chunk, as for JSON) and each sealed chunk is turned
 * into one Parquet file by {@link #transcoder()} on an upload thread; its checksum, upload and
 * manifest entry are those of any chunk. Keys and values are written through their schemas
 * ({@link DataType}, mapped from Connect schemas by the connect package); the column layout is
 * {@link ParquetSchemas}'. A chunk holds rows of one {@link RowSchema}: a record of another schema
 * seals the open chunk first. The compression (none, gzip, zstd) is Parquet's page compression
 * inside the file; the object key ends with {@code .parquet}.
 *
 * <p>The row schemas of the staged rows are kept here, by fingerprint, for the upload threads; all
 * copies share them. Staged chunks never outlive the task (the scratch directory is emptied at
 * start), so the map lives in memory; it holds one entry per distinct key/value schema the task saw.
 */
public final class ParquetRecordFormat implements RecordFormat {

    /** What to do with a record whose value has no schema (for example JsonConverter with schemas.enable=false). */
    public enum Schemaless {
        /** The record cannot be written (dead letter queue or task failure, per errors.tolerance). */
        FAIL,
        /** The value column is a string holding the value's JSON text. */
        JSON
    }

    private final Schemaless schemaless;
    private final Compression compression;
    private final int compressionLevel;
    private final long rowGroupBytes;
    private final Map<Long, RowSchema> schemas;
    private final RowEncoding encoding = new RowEncoding();

    public ParquetRecordFormat(
            Schemaless schemaless, Compression compression, int compressionLevel, long rowGroupBytes) {
        this(schemaless, compression, compressionLevel, rowGroupBytes, new ConcurrentHashMap<>());
    }

    private ParquetRecordFormat(
            Schemaless schemaless,
            Compression compression,
            int compressionLevel,
            long rowGroupBytes,
            Map<Long, RowSchema> schemas) {
        this.schemaless = schemaless;
        this.compression = compression;
        this.compressionLevel = compressionLevel;
        this.rowGroupBytes = rowGroupBytes;
        this.schemas = schemas;
    }

    public Schemaless schemaless() {
        return schemaless;
    }

    /**
     * The staged bytes of a row; {@code schema} is remembered for the upload of its chunk.
     *
     * @throws UnencodableRecordException when a value does not fit the schema, or the schema has no
     *     Parquet form (an empty struct)
     */
    public byte[] encode(RowSchema schema, Row row) {
        if (!schemas.containsKey(schema.fingerprint())) {
            ParquetSchemas.messageType(schema); // fails here, on the record, for a schema Parquet cannot hold
            schemas.putIfAbsent(schema.fingerprint(), schema);
        }
        return encoding.encode(schema, row);
    }

    /** Not used: Parquet rows are written through their Connect schemas ({@link #encode(RowSchema, Row)}). */
    @Override
    public byte[] encode(EnvelopeRecord record) {
        throw new UnencodableRecordException(
                "format.type=parquet writes records through their Connect schemas, not JSON envelopes", null);
    }

    @Override
    public String extension() {
        return ".parquet";
    }

    /** Parquet compresses its pages inside the file: the key gets no compression extension. */
    @Override
    public String objectExtension(Compression c) {
        return extension();
    }

    @Override
    public ChunkTranscoder transcoder() {
        return new ParquetChunkTranscoder(schemas::get, compression, compressionLevel, rowGroupBytes);
    }

    @Override
    public RecordFormat copy() {
        return new ParquetRecordFormat(schemaless, compression, compressionLevel, rowGroupBytes, schemas);
    }
}
