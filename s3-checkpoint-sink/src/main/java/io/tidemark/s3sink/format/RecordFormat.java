/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.s3sink.format;

/** Turns a record into the bytes of one entry of a chunk. Instances are used by one thread. */
public interface RecordFormat {

    /**
     * The encoded record, including its separator.
     *
     * @throws UnencodableRecordException when this format cannot represent the record
     */
    byte[] encode(EnvelopeRecord record);

    /** File name extension of an uncompressed chunk, for example ".jsonl". */
    String extension();

    /** A fresh instance with the same settings (formats keep per-thread buffers). */
    RecordFormat copy();

    /** The end of a chunk's object key with {@code compression}, for example ".jsonl.gz". */
    default String objectExtension(Compression compression) {
        return extension() + compression.extension();
    }

    /**
     * What turns a sealed chunk's staged file into its object, or null when the object is the staged
     * bytes, compressed as configured.
     */
    default ChunkTranscoder transcoder() {
        return null;
    }
}
