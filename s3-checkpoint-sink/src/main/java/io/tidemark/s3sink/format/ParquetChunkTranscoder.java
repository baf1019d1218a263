/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.s3sink.format;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;

/**
 * Turns a sealed chunk's staged rows ({@link RowEncoding}) into one Parquet file, streamed to the
 * object file: heap is bounded by one row group ({@code rowGroupBytes}) per upload thread, whatever
 * the number of open chunks. The writer runs without Hadoop (an {@link OutputFile} over the stream,
 * a {@link PlainParquetConfiguration}, the sink's own {@link ParquetCodecs}). The output depends
 * only on the staged bytes and the settings (no time, no random), so the same records give the same
 * object bytes. The file's key-value metadata {@code tidemark.row.schema} holds the key and value
 * types.
 */
public final class ParquetChunkTranscoder implements ChunkTranscoder {

    public static final String SCHEMA_METADATA_KEY = "tidemark.row.schema";

    /** Parquet's page size: the buffer of each column before it is compressed into the row group. */
    static final int PAGE_BYTES = 1024 * 1024;

    private final LongFunction<RowSchema> schemas;
    private final Compression compression;
    private final int level;
    private final long rowGroupBytes;

    public ParquetChunkTranscoder(
            LongFunction<RowSchema> schemas, Compression compression, int level, long rowGroupBytes) {
        this.schemas = schemas;
        this.compression = compression;
        this.level = level;
        this.rowGroupBytes = rowGroupBytes;
    }

    @Override
    public void transcode(InputStream staged, OutputStream object) throws IOException {
        DataInputStream in = new DataInputStream(new BufferedInputStream(staged, 64 * 1024));
        byte[] buf = new byte[4096];
        RowSchema schema = null;
        ParquetWriter<ByteBuffer> writer = null;
        try {
            while (true) {
                int length;
                try {
                    length = in.readInt();
                } catch (EOFException end) {
                    break;
                }
                if (length < 8) {
                    throw new IllegalStateException("staged Parquet row is corrupt (length " + length + ")");
                }
                if (length > buf.length) {
                    buf = new byte[Math.max(length, buf.length * 2)];
                }
                in.readFully(buf, 0, length);
                ByteBuffer row = ByteBuffer.wrap(buf, 0, length);
                long fingerprint = row.getLong();
                if (schema == null) {
                    schema = schemas.apply(fingerprint);
                    if (schema == null) {
                        throw new IllegalStateException("no row schema " + Long.toHexString(fingerprint)
                                + " is known for this staged chunk (staged chunks do not survive a restart)");
                    }
                    writer = new Builder(new StreamOutputFile(object), schema)
                            .withConf(new PlainParquetConfiguration())
                            .withCodecFactory(new ParquetCodecs(compression, level))
                            .withCompressionCodec(ParquetCodecs.codecName(compression))
                            .withRowGroupSize(rowGroupBytes)
                            .withPageSize(PAGE_BYTES)
                            .withDictionaryPageSize(PAGE_BYTES)
                            .withDictionaryEncoding(true)
                            .withValidation(false)
                            .withBloomFilterEnabled(false)
                            .build();
                } else if (fingerprint != schema.fingerprint()) {
                    throw new IllegalStateException("a staged chunk holds rows of two schemas ("
                            + Long.toHexString(schema.fingerprint()) + ", " + Long.toHexString(fingerprint)
                            + "); a schema change must seal the chunk");
                }
                writer.write(row);
            }
            if (writer == null) {
                throw new IllegalStateException("the staged chunk holds no rows");
            }
            ParquetWriter<ByteBuffer> w = writer;
            writer = null;
            w.close();
        } finally {
            if (writer != null) {
                try {
                    writer.close();
                } catch (IOException | RuntimeException suppressed) {
                    // the first failure is the one reported; the object file is released by the caller
                }
            }
        }
    }

    /** The Parquet writer of one chunk. */
    private static final class Builder extends ParquetWriter.Builder<ByteBuffer, Builder> {
        private final RowSchema schema;

        Builder(OutputFile file, RowSchema schema) {
            super(file);
            this.schema = schema;
        }

        @Override
        protected Builder self() {
            return this;
        }

        @Override
        protected WriteSupport<ByteBuffer> getWriteSupport(org.apache.hadoop.conf.Configuration conf) {
            throw new UnsupportedOperationException("the sink writes Parquet without Hadoop");
        }

        @Override
        protected WriteSupport<ByteBuffer> getWriteSupport(ParquetConfiguration conf) {
            return new RowWriteSupport(schema);
        }
    }

    /** Replays staged rows (positioned after their fingerprint) into Parquet's record consumer. */
    private static final class RowWriteSupport extends WriteSupport<ByteBuffer> {
        private final RowSchema schema;
        private final MessageType message;
        private RecordConsumer c;

        RowWriteSupport(RowSchema schema) {
            this.schema = schema;
            this.message = ParquetSchemas.messageType(schema);
        }

        @Override
        public WriteContext init(org.apache.hadoop.conf.Configuration conf) {
            throw new UnsupportedOperationException("the sink writes Parquet without Hadoop");
        }

        @Override
        public WriteContext init(ParquetConfiguration conf) {
            return new WriteContext(
                    message, Map.of(SCHEMA_METADATA_KEY, "key=" + schema.key() + ";value=" + schema.value()));
        }

        @Override
        public String getName() {
            return "tidemark";
        }

        @Override
        public void prepareForWrite(RecordConsumer consumer) {
            this.c = consumer;
        }

        @Override
        public void write(ByteBuffer in) {
            c.startMessage();
            c.startField("topic", 0);
            c.addBinary(Binary.fromConstantByteArray(RowEncoding.getBytes(in)));
            c.endField("topic", 0);
            c.startField("partition", 1);
            c.addInteger(in.getInt());
            c.endField("partition", 1);
            c.startField("offset", 2);
            c.addLong(in.getLong());
            c.endField("offset", 2);
            if (in.get() != 0) {
                c.startField("timestamp", 3);
                c.addLong(in.getLong());
                c.endField("timestamp", 3);
            }
            if (in.get() != 0) {
                c.startField("timestamp_type", 4);
                c.addBinary(Binary.fromConstantByteArray(RowEncoding.getBytes(in)));
                c.endField("timestamp_type", 4);
            }
            if (in.get() != 0) {
                c.startField("key", 5);
                value(schema.key(), in);
                c.endField("key", 5);
            }
            if (in.get() != 0) {
                c.startField("value", 6);
                value(schema.value(), in);
                c.endField("value", 6);
            }
            int headers = in.getInt();
            if (headers > 0) {
                c.startField("headers", 7);
                c.startGroup();
                c.startField("list", 0);
                for (int i = 0; i < headers; i++) {
                    c.startGroup();
                    c.startField("element", 0);
                    c.startGroup();
                    c.startField("key", 0);
                    c.addBinary(Binary.fromConstantByteArray(RowEncoding.getBytes(in)));
                    c.endField("key", 0);
                    if (in.get() != 0) {
                        c.startField("value", 1);
                        c.addBinary(Binary.fromConstantByteArray(RowEncoding.getBytes(in)));
                        c.endField("value", 1);
                    }
                    c.endGroup();
                    c.endField("element", 0);
                    c.endGroup();
                }
                c.endField("list", 0);
                c.endGroup();
                c.endField("headers", 7);
            }
            if (in.hasRemaining()) {
                throw new IllegalStateException(
                        "staged Parquet row is corrupt: " + in.remaining() + " bytes left after the row");
            }
            c.endMessage();
        }

        private void value(DataType type, ByteBuffer in) {
            if (type instanceof DataType.Primitive p) {
                switch (p) {
                    case BOOLEAN -> c.addBoolean(in.get() != 0);
                    case INT8, INT16, INT32, DATE, TIME_MILLIS -> c.addInteger(in.getInt());
                    case INT64, TIMESTAMP_MILLIS -> c.addLong(in.getLong());
                    case FLOAT32 -> c.addFloat(Float.intBitsToFloat(in.getInt()));
                    case FLOAT64 -> c.addDouble(Double.longBitsToDouble(in.getLong()));
                    case STRING, BYTES -> c.addBinary(Binary.fromConstantByteArray(RowEncoding.getBytes(in)));
                }
            } else if (type instanceof DataType.Decimal) {
                c.addBinary(Binary.fromConstantByteArray(RowEncoding.getBytes(in)));
            } else if (type instanceof DataType.Array a) {
                int n = in.getInt();
                c.startGroup();
                if (n > 0) {
                    c.startField("list", 0);
                    for (int i = 0; i < n; i++) {
                        c.startGroup();
                        if (in.get() != 0) {
                            c.startField("element", 0);
                            value(a.element().type(), in);
                            c.endField("element", 0);
                        }
                        c.endGroup();
                    }
                    c.endField("list", 0);
                }
                c.endGroup();
            } else if (type instanceof DataType.MapOf m) {
                int n = in.getInt();
                c.startGroup();
                if (n > 0) {
                    c.startField("key_value", 0);
                    for (int i = 0; i < n; i++) {
                        c.startGroup();
                        c.startField("key", 0);
                        value(m.key().type(), in);
                        c.endField("key", 0);
                        if (in.get() != 0) {
                            c.startField("value", 1);
                            value(m.value().type(), in);
                            c.endField("value", 1);
                        }
                        c.endGroup();
                    }
                    c.endField("key_value", 0);
                }
                c.endGroup();
            } else {
                List<DataType.Field> fields = ((DataType.Struct) type).fields();
                c.startGroup();
                for (int i = 0; i < fields.size(); i++) {
                    if (in.get() != 0) {
                        DataType.Field f = fields.get(i);
                        c.startField(f.name(), i);
                        value(f.type(), in);
                        c.endField(f.name(), i);
                    }
                }
                c.endGroup();
            }
        }
    }

    /** An {@link OutputFile} over the object's stream; closing the Parquet stream leaves it open. */
    private static final class StreamOutputFile implements OutputFile {
        private final OutputStream out;

        StreamOutputFile(OutputStream out) {
            this.out = out;
        }

        @Override
        public PositionOutputStream create(long blockSizeHint) {
            return new PositionOutputStream() {
                private long pos;

                @Override
                public long getPos() {
                    return pos;
                }

                @Override
                public void write(int b) throws IOException {
                    out.write(b);
                    pos++;
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len);
                    pos += len;
                }

                @Override
                public void flush() throws IOException {
                    out.flush();
                }

                @Override
                public void close() throws IOException {
                    out.flush();
                }
            };
        }

        @Override
        public PositionOutputStream createOrOverwrite(long blockSizeHint) {
            return create(blockSizeHint);
        }

        @Override
        public boolean supportsBlockSize() {
            return false;
        }

        @Override
        public long defaultBlockSize() {
            return 0;
        }

        @Override
        public String getPath() {
            return "staged chunk";
        }
    }
}
