/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.s3sink.format;

import com.github.luben.zstd.Zstd;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * Page compression of the Parquet format without Parquet's Hadoop codec classes: gzip from the JDK
 * and zstd from zstd-jni (the library the JSON format's zstd already uses; its native code ships in
 * its jar for linux/mac/windows), so no Hadoop and no further native library is needed. Both are
 * deterministic (the gzip header carries no time). Snappy is not offered: it would need
 * snappy-java's native library or another codec library in the plugin. The sink only writes
 * Parquet, so there are no decompressors.
 */
final class ParquetCodecs implements CompressionCodecFactory {

    private final Compression compression;
    private final int level;

    ParquetCodecs(Compression compression, int level) {
        this.compression = compression;
        this.level = level;
    }

    static CompressionCodecName codecName(Compression c) {
        return switch (c) {
            case NONE -> CompressionCodecName.UNCOMPRESSED;
            case GZIP -> CompressionCodecName.GZIP;
            case ZSTD -> CompressionCodecName.ZSTD;
        };
    }

    @Override
    public BytesInputCompressor getCompressor(CompressionCodecName name) {
        if (name != codecName(compression)) {
            throw new IllegalArgumentException(
                    "the sink's Parquet writer was set up for " + compression + " page compression, not " + name);
        }
        return new BytesInputCompressor() {
            @Override
            public BytesInput compress(BytesInput bytes) throws IOException {
                return switch (compression) {
                    case NONE -> bytes;
                    case ZSTD -> BytesInput.from(Zstd.compress(bytes.toByteArray(), level < 0 ? 3 : level));
                    case GZIP -> {
                        ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.max(64, bytes.size() / 2));
                        try (OutputStream z = Compression.GZIP.compress(out, level)) {
                            bytes.writeAllTo(z);
                        }
                        yield BytesInput.from(out.toByteArray());
                    }
                };
            }

            @Override
            public CompressionCodecName getCodecName() {
                return name;
            }

            @Override
            public void release() {}
        };
    }

    @Override
    public BytesInputDecompressor getDecompressor(CompressionCodecName name) {
        throw new UnsupportedOperationException("the S3 sink writes Parquet and never reads it");
    }

    @Override
    public void release() {}
}
