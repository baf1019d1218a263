/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.s3sink.restore;

import io.tidemark.s3sink.TopicPartitionId;
import io.tidemark.s3sink.manifest.ChunkEntryRecord;
import io.tidemark.s3sink.manifest.ManifestReader;
import io.tidemark.s3sink.manifest.PartitionManifest;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The replay of one partition: the chunks its manifest lists (segments included) from the next
 * offset to replay on, each fetched and verified before any of its records is handed out, read in
 * offset order. Records below the next offset (already replayed before a restart) are passed
 * over. Once every listed chunk is replayed, the manifest head is read again at most every
 * {@link #REFRESH_MILLIS} ms, so chunks the sink adds later are replayed too (unless the range ends
 * before them).
 */
final class PartitionRestore implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PartitionRestore.class);

    static final long REFRESH_MILLIS = 30_000;

    private final TopicPartitionId tp;
    private final ManifestReader manifests;
    private final ChunkFetcher fetcher;
    private final RestoreRange range;
    private final boolean skipMismatches;
    private final RestoreStats stats;
    private final LongSupplier clock;
    private final Deque<ChunkEntryRecord> pending = new ArrayDeque<>();

    private long nextOffset;
    /** The offset after the last chunk queued, so a refresh queues only newer chunks. */
    private long queuedUpTo;

    private long lastRefresh = Long.MIN_VALUE;
    private ChunkReader current;
    private long lastInChunk = -1;

    PartitionRestore(
            TopicPartitionId tp,
            long nextOffset,
            ManifestReader manifests,
            ChunkFetcher fetcher,
            RestoreRange range,
            boolean skipMismatches,
            RestoreStats stats,
            LongSupplier clock) {
        this.tp = tp;
        this.nextOffset = Math.max(nextOffset, range.fromOffset());
        this.queuedUpTo = this.nextOffset;
        this.manifests = manifests;
        this.fetcher = fetcher;
        this.range = range;
        this.skipMismatches = skipMismatches;
        this.stats = stats;
        this.clock = clock;
        refresh();
    }

    TopicPartitionId tp() {
        return tp;
    }

    /** The first original offset not yet handed out. */
    long nextOffset() {
        return nextOffset;
    }

    /** True when every chunk the manifest listed at its last read was handed out (more may come later). */
    boolean caughtUp() {
        return current == null && pending.isEmpty();
    }

    /** True when the range ends and everything in it was handed out. */
    boolean finished() {
        return nextOffset >= range.toOffset() && current == null;
    }

    private void refresh() {
        long now = clock.getAsLong();
        if (lastRefresh != Long.MIN_VALUE && now - lastRefresh < REFRESH_MILLIS) {
            return;
        }
        lastRefresh = now;
        PartitionManifest m = manifests.head(tp).orElse(null);
        if (m == null) {
            return;
        }
        long from = queuedUpTo;
        long[] upTo = {queuedUpTo};
        manifests.forEachChunk(m, from, c -> {
            if (c.endOffset() < from) {
                return;
            }
            ChunkReader.requireEnvelope(c);
            upTo[0] = Math.max(upTo[0], c.endOffset() + 1);
            if (range.mayHold(c, from)) {
                pending.add(c);
            }
        });
        queuedUpTo = upTo[0];
    }

    /** Adds up to {@code max} records to {@code out}; returns how many. */
    int poll(int max, List<RestoredRecord> out) {
        int n = 0;
        while (n < max) {
            if (current == null && !openNext()) {
                break;
            }
            RestoredRecord r = current.next();
            if (r == null) {
                ChunkEntryRecord done = current.chunk();
                current.close();
                current = null;
                nextOffset = Math.max(nextOffset, Math.min(done.endOffset() + 1, range.toOffset()));
                continue;
            }
            if (r.offset() <= lastInChunk) {
                throw new RestoreException("Chunk " + current.chunk().key() + " holds offset " + r.offset()
                        + " after offset " + lastInChunk + ": its records are out of order, the restore stops here");
            }
            lastInChunk = r.offset();
            if (r.offset() < nextOffset) {
                continue; // replayed before a restart
            }
            if (r.offset() >= range.toOffset()) {
                current.close();
                current = null;
                nextOffset = range.toOffset();
                break;
            }
            nextOffset = r.offset() + 1;
            if (range.holds(r)) {
                out.add(r);
                n++;
            }
        }
        return n;
    }

    private boolean openNext() {
        if (nextOffset >= range.toOffset()) {
            return false;
        }
        if (pending.isEmpty()) {
            refresh();
        }
        while (!pending.isEmpty()) {
            ChunkEntryRecord c = pending.peek();
            if (c.endOffset() < nextOffset) {
                pending.poll();
                continue;
            }
            Path file;
            try {
                // a failure leaves the chunk queued, so a retried poll fetches it again
                file = fetcher.fetch(c);
                pending.poll();
            } catch (ChecksumMismatchException e) {
                pending.poll();
                if (!skipMismatches) {
                    throw e;
                }
                stats.chunksSkipped.incrementAndGet();
                LOG.error(
                        "Skipped chunk {} of {} (offsets {}-{}, {} records) because of restore.checksum.mismatch=skip:"
                                + " {}",
                        c.key(),
                        tp,
                        c.startOffset(),
                        c.endOffset(),
                        c.recordCount(),
                        e.getMessage());
                nextOffset = Math.max(nextOffset, c.endOffset() + 1);
                continue;
            }
            current = new ChunkReader(c, file);
            lastInChunk = -1;
            return true;
        }
        return false;
    }

    @Override
    public void close() {
        if (current != null) {
            current.close();
            current = null;
        }
    }
}
