/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.s3sink.stage;

import io.tidemark.s3sink.TopicPartitionId;
import io.tidemark.s3sink.remote.ChecksumAlgorithm;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An open chunk of one topic partition: encoded records appended to a file through a small
 * buffer, with a running checksum of every byte staged (to verify the file before upload), the
 * offset range, record count and record-time range. Used by one thread at a time.
 */
public final class StagedChunk {

    private final LocalStore store;
    private final TopicPartitionId tp;
    /** The key template resolved by this chunk's records, or null (see {@link SealedChunk#path}). */
    private final String path;

    private final Path file;
    private final FileChannel channel;
    private final ByteBuffer buffer;
    private final ChecksumAlgorithm integrity;
    private final ChecksumAlgorithm.Hasher hasher;
    private final long openedAtMillis = System.currentTimeMillis();
    private long firstOffset = -1;
    private long lastOffset = -1;
    private long records;
    private long bytes;
    private Long firstTimestamp;
    /** Record-time range as primitives (no boxing per record); valid once {@link #hasTimestamps}. */
    private boolean hasTimestamps;

    private long minTimestamp;
    private long maxTimestamp;
    private boolean sealed;

    StagedChunk(
            LocalStore store, TopicPartitionId tp, Path file, int bufferBytes, ChecksumAlgorithm integrity, String path)
            throws IOException {
        this.path = path;
        this.store = store;
        this.tp = tp;
        this.file = file;
        this.channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        this.buffer = ByteBuffer.allocate(bufferBytes);
        this.integrity = integrity;
        this.hasher = integrity.newHasher();
    }

    /** Appends one encoded record. */
    public void append(long offset, Long timestamp, byte[] encoded) {
        if (sealed) {
            throw new IllegalStateException("chunk " + file + " is sealed");
        }
        if (firstOffset < 0) {
            firstOffset = offset;
            firstTimestamp = timestamp;
        }
        lastOffset = offset;
        records++;
        bytes += encoded.length;
        if (timestamp != null) {
            long t = timestamp;
            if (!hasTimestamps) {
                minTimestamp = t;
                maxTimestamp = t;
                hasTimestamps = true;
            } else if (t < minTimestamp) {
                minTimestamp = t;
            } else if (t > maxTimestamp) {
                maxTimestamp = t;
            }
        }
        hasher.update(encoded, 0, encoded.length);
        try {
            if (encoded.length > buffer.remaining()) {
                drain();
            }
            if (encoded.length > buffer.capacity()) {
                ByteBuffer big = ByteBuffer.wrap(encoded);
                while (big.hasRemaining()) {
                    channel.write(big);
                }
            } else {
                buffer.put(encoded);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to chunk file " + file + " (disk full?)", e);
        }
        store.charge(encoded.length);
    }

    private void drain() throws IOException {
        buffer.flip();
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
        buffer.clear();
    }

    /** Writes out the buffer and closes the file; the chunk takes no more records. */
    public SealedChunk seal() {
        if (sealed) {
            throw new IllegalStateException("chunk " + file + " is already sealed");
        }
        try {
            drain();
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot seal chunk file " + file, e);
        }
        sealed = true;
        return new SealedChunk(
                tp,
                file,
                firstOffset,
                lastOffset,
                records,
                bytes,
                hasTimestamps ? Long.valueOf(minTimestamp) : null,
                hasTimestamps ? Long.valueOf(maxTimestamp) : null,
                integrity,
                hasher.digest(),
                path);
    }

    /** Drops the chunk and its file. */
    public void discard() {
        try {
            if (!sealed) {
                channel.close();
                sealed = true;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close chunk file " + file, e);
        }
        store.release(file);
    }

    /** The key template resolved by this chunk's records; null when the template has no record variables. */
    public String path() {
        return path;
    }

    public TopicPartitionId topicPartition() {
        return tp;
    }

    public boolean isEmpty() {
        return records == 0;
    }

    public long firstOffset() {
        return firstOffset;
    }

    public long lastOffset() {
        return lastOffset;
    }

    public long records() {
        return records;
    }

    public long bytes() {
        return bytes;
    }

    /** Timestamp of the first record (the record-time rotation window starts from it); null if none. */
    public Long firstTimestamp() {
        return firstTimestamp;
    }

    public long openedAtMillis() {
        return openedAtMillis;
    }

    public Path file() {
        return file;
    }
}
