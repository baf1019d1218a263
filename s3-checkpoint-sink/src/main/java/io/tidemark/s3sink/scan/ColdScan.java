/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.s3sink.scan;

import com.fasterxml.jackson.databind.JsonNode;
import io.tidemark.s3sink.TopicPartitionId;
import io.tidemark.s3sink.format.Compression;
import io.tidemark.s3sink.format.JsonLinesEnvelopeFormat;
import io.tidemark.s3sink.manifest.ChunkEntryRecord;
import io.tidemark.s3sink.manifest.ManifestReader;
import io.tidemark.s3sink.manifest.ObjectLayout;
import io.tidemark.s3sink.manifest.PartitionManifest;
import io.tidemark.s3sink.remote.ChecksumAlgorithm;
import io.tidemark.s3sink.remote.RemoteReadLimiter;
import io.tidemark.s3sink.remote.RemoteStore;
import java.io.BufferedReader;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Reads what the sink wrote, through the manifest only: never lists the bucket. For each chunk the
 * manifest lists (in offset order; the head's segments first, each read once and checked against
 * the checksum the head records for it) it reads the object, verifies its checksum against the
 * manifest entry, and hands out the records of the JSON lines envelope format. Reads go through a
 * {@link RemoteReadLimiter}.
 */
public final class ColdScan {

    /** One record read back, with the chunk it came from. */
    public record ScannedRecord(String chunkKey, JsonNode envelope) {
        public long offset() {
            return envelope.get("offset").asLong();
        }
    }

    /** What a verification pass found. */
    public record Report(
            TopicPartitionId tp,
            int chunks,
            long records,
            long firstOffset,
            long lastOffset,
            long duplicates,
            long gaps,
            long outOfOrder,
            long countMismatches) {
        public boolean exactlyOnceInOrder() {
            return duplicates == 0 && gaps == 0 && outOfOrder == 0 && countMismatches == 0;
        }
    }

    private final RemoteStore remote;
    private final RemoteReadLimiter limiter;
    private final ManifestReader manifests;

    public ColdScan(RemoteStore remote, ObjectLayout layout, RemoteReadLimiter limiter) {
        this.remote = remote;
        this.limiter = limiter;
        this.manifests = new ManifestReader(remote, layout, limiter);
    }

    /** The manifest head (newest chunks and references to the segments holding older ones). */
    public Optional<PartitionManifest> manifest(TopicPartitionId tp) {
        return manifests.head(tp);
    }

    /** Every chunk the manifest lists, oldest first, segments included (read through the limiter). */
    public List<ChunkEntryRecord> chunks(TopicPartitionId tp) {
        return manifest(tp).map(manifests::allChunks).orElse(List.of());
    }

    /** Every record of every listed chunk from {@code fromOffset} on, in manifest order. */
    public void scan(TopicPartitionId tp, long fromOffset, Consumer<ScannedRecord> each) {
        PartitionManifest m = manifest(tp).orElse(PartitionManifest.empty(tp.topic(), tp.partition()));
        manifests.forEachChunk(m, fromOffset, c -> {
            if (c.endOffset() < fromOffset) {
                return;
            }
            readChunk(c, r -> {
                if (r.offset() >= fromOffset) {
                    each.accept(r);
                }
            });
        });
    }

    /** Reads one chunk, verifying its checksum once it has been read completely. */
    public long readChunk(ChunkEntryRecord c, Consumer<ScannedRecord> each) {
        try {
            limiter.acquire(c.bytes());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the read limiter", e);
        }
        long n = 0;
        try (InputStream raw = remote.openStream(c.key())) {
            ChecksumAlgorithm.Hasher hasher = c.checksumAlgorithm().newHasher();
            InputStream hashed = new FilterInputStream(raw) {
                @Override
                public int read() throws IOException {
                    int b = super.read();
                    if (b >= 0) {
                        hasher.update(new byte[] {(byte) b});
                    }
                    return b;
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    int r = super.read(b, off, len);
                    if (r > 0) {
                        hasher.update(b, off, r);
                    }
                    return r;
                }
            };
            BufferedReader reader = new BufferedReader(
                    new InputStreamReader(Compression.ofKey(c.key()).decompress(hashed), StandardCharsets.UTF_8),
                    64 * 1024);
            String line;
            while ((line = reader.readLine()) != null) {
                if (!line.isEmpty()) {
                    each.accept(new ScannedRecord(
                            c.key(), JsonLinesEnvelopeFormat.mapper().readTree(line)));
                    n++;
                }
            }
            hashed.transferTo(OutputStreamSink.INSTANCE);
            String actual = ChecksumAlgorithm.toBase64(hasher.digest());
            if (!actual.equals(c.checksum())) {
                throw new ChunkChecksumMismatchException("chunk s3://" + remote.bucket() + "/" + c.key() + " has "
                        + c.checksumAlgorithm() + " " + actual + " but the manifest says " + c.checksum());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read chunk " + c.key(), e);
        } finally {
            limiter.release();
        }
        return n;
    }

    /**
     * Reads the whole partition and checks that offsets appear exactly once, in order, with no
     * gaps (for topics without compaction or transactions, where offsets are contiguous), and that
     * each chunk holds the record count its entry says.
     */
    public Report verify(TopicPartitionId tp) {
        PartitionManifest m = manifest(tp).orElse(PartitionManifest.empty(tp.topic(), tp.partition()));
        long[] st = new long[] {-1, 0, 0, 0, 0, -1};
        // st: 0 last offset, 1 records, 2 duplicates, 3 gaps, 4 outOfOrder, 5 first offset
        long[] countMismatches = new long[1];
        int[] chunks = new int[1];
        manifests.forEachChunk(m, Long.MIN_VALUE, c -> {
            chunks[0]++;
            long n = readChunk(c, r -> {
                long o = r.offset();
                if (st[5] < 0) {
                    st[5] = o;
                }
                if (st[0] >= 0) {
                    if (o == st[0]) {
                        st[2]++;
                    } else if (o < st[0]) {
                        st[4]++;
                    } else if (o > st[0] + 1) {
                        st[3] += o - st[0] - 1;
                    }
                }
                st[0] = Math.max(st[0], o);
                st[1]++;
            });
            if (n != c.recordCount()) {
                countMismatches[0]++;
            }
        });
        return new Report(tp, chunks[0], st[1], st[5], st[0], st[2], st[3], st[4], countMismatches[0]);
    }

    /** Thrown when an object's bytes do not match the checksum its manifest entry records. */
    public static final class ChunkChecksumMismatchException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public ChunkChecksumMismatchException(String message) {
            super(message);
        }
    }

    private static final class OutputStreamSink extends java.io.OutputStream {
        static final OutputStreamSink INSTANCE = new OutputStreamSink();

        @Override
        public void write(int b) {}

        @Override
        public void write(byte[] b, int off, int len) {}
    }
}
