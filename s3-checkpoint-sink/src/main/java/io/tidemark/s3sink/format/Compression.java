/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.s3sink.format;

import com.github.luben.zstd.ZstdInputStream;
import com.github.luben.zstd.ZstdOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Chunk compression. Chunks are staged uncompressed and compressed once when sealed, so an open
 * chunk holds no compressor state (bounded memory with many partitions), and compressed output is
 * deterministic for the same records.
 */
public enum Compression {
    NONE(""),
    GZIP(".gz"),
    ZSTD(".zst");

    private final String extension;

    Compression(String extension) {
        this.extension = extension;
    }

    public String extension() {
        return extension;
    }

    /** Wraps {@code out}; {@code level} -1 means the codec's default. */
    public OutputStream compress(OutputStream out, int level) throws IOException {
        return switch (this) {
            case NONE -> out;
            case GZIP ->
                new GZIPOutputStream(out, 64 * 1024) {
                    {
                        def.setLevel(level < 0 ? Deflater.DEFAULT_COMPRESSION : Math.min(level, 9));
                    }
                };
            case ZSTD -> new ZstdOutputStream(out, level < 0 ? 3 : level);
        };
    }

    public InputStream decompress(InputStream in) throws IOException {
        return switch (this) {
            case NONE -> in;
            case GZIP -> new GZIPInputStream(in, 64 * 1024);
            case ZSTD -> new ZstdInputStream(in);
        };
    }

    /** The compression a chunk key ends with. */
    public static Compression ofKey(String key) {
        if (key.endsWith(GZIP.extension)) {
            return GZIP;
        }
        if (key.endsWith(ZSTD.extension)) {
            return ZSTD;
        }
        return NONE;
    }
}
