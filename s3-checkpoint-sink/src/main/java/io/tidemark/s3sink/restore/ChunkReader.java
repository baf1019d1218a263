/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.s3sink.restore;

import io.tidemark.s3sink.format.Compression;
import io.tidemark.s3sink.manifest.ChunkEntryRecord;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads the records of one verified local chunk file, in file order. */
public final class ChunkReader implements AutoCloseable {

    /** The extension of chunks in the JSON envelope format, before the compression's. */
    public static final String ENVELOPE_EXTENSION = ".jsonl";

    private final ChunkEntryRecord chunk;
    private final BufferedReader reader;
    private long line;

    public ChunkReader(ChunkEntryRecord chunk, Path file) {
        requireEnvelope(chunk);
        this.chunk = chunk;
        try {
            this.reader = new BufferedReader(
                    new InputStreamReader(
                            Compression.ofKey(chunk.key()).decompress(Files.newInputStream(file)),
                            StandardCharsets.UTF_8),
                    64 * 1024);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot open chunk " + chunk.key() + " at " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Refuses chunks in the raw format: they hold values only (no key, headers, timestamp or offset),
     * so nothing could be replayed faithfully.
     */
    public static void requireEnvelope(ChunkEntryRecord c) {
        String k = c.key();
        String withoutCompression =
                k.substring(0, k.length() - Compression.ofKey(k).extension().length());
        if (!withoutCompression.endsWith(ENVELOPE_EXTENSION)) {
            throw new RestoreException("Chunk " + k + " of " + c.topic() + "-" + c.partition()
                    + " is not in the JSON envelope format (the sink wrote it with format.type=raw, which keeps values"
                    + " only: no key, headers, timestamp or offset). It cannot be restored faithfully; only topics the"
                    + " sink wrote with format.type=json can be restored.");
        }
    }

    /** The next record, or null at the end of the chunk. */
    public RestoredRecord next() {
        try {
            String l;
            while ((l = reader.readLine()) != null) {
                line++;
                if (!l.isEmpty()) {
                    return EnvelopeDecoder.decode(l, "chunk " + chunk.key() + " line " + line);
                }
            }
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read chunk " + chunk.key() + ": " + e.getMessage(), e);
        }
    }

    public ChunkEntryRecord chunk() {
        return chunk;
    }

    @Override
    public void close() {
        try {
            reader.close();
        } catch (IOException e) {
            // read-only file
        }
    }
}
