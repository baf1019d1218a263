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
}
