/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.s3sink.format;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Writes the object of a sealed chunk from its staged file, once, on an upload thread: a
 * compressor, or a file format such as Parquet that cannot be appended to record by record. Must
 * be deterministic (the same staged bytes give the same object bytes) and must read {@code staged}
 * to its end. Thread-safe: upload threads call it concurrently, each with its own streams.
 */
@FunctionalInterface
public interface ChunkTranscoder {

    void transcode(InputStream staged, OutputStream object) throws IOException;
}
