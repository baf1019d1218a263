/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.s3sink.restore;

import io.tidemark.s3sink.manifest.ChunkEntryRecord;
import io.tidemark.s3sink.remote.ChecksumAlgorithm;
import io.tidemark.s3sink.remote.RemoteReadLimiter;
import io.tidemark.s3sink.remote.RemoteStore;
import io.tidemark.s3sink.remote.RemoteStoreException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a chunk onto local disk, verified: from the {@link HotCache} when it holds the chunk and
 * its bytes still match the manifest entry's checksum, else downloaded (through the
 * {@link RemoteReadLimiter}) into the cache and checked against the entry before it is handed out.
 * A mismatch is downloaded once more (a transfer can break); a second mismatch is a
 * {@link ChecksumMismatchException} naming the chunk.
 */
public final class ChunkFetcher {

    private static final Logger LOG = LoggerFactory.getLogger(ChunkFetcher.class);

    private final RemoteStore remote;
    private final RemoteReadLimiter limiter;
    private final HotCache cache;
    private final RestoreStats stats;

    public ChunkFetcher(RemoteStore remote, RemoteReadLimiter limiter, HotCache cache, RestoreStats stats) {
        this.remote = remote;
        this.limiter = limiter;
        this.cache = cache;
        this.stats = stats;
    }

    /** The verified local file of {@code c}. */
    public Path fetch(ChunkEntryRecord c) {
        Path cached = cache.lookup(c.key()).orElse(null);
        if (cached != null) {
            if (c.checksum().equals(checksumOf(cached, c.checksumAlgorithm()))) {
                stats.cacheHits.incrementAndGet();
                stats.chunksVerified.incrementAndGet();
                return cached;
            }
            LOG.warn("The hot cache copy of chunk {} does not match its manifest entry: downloading it again", c.key());
            cache.remove(c.key());
        }
        String actual = null;
        for (int attempt = 1; attempt <= 2; attempt++) {
            Path target = cache.downloadTarget(c.key());
            download(c, target);
            long size = size(target);
            stats.bytesDownloaded.addAndGet(size);
            actual = checksumOf(target, c.checksumAlgorithm());
            if (c.checksum().equals(actual)) {
                stats.chunksVerified.incrementAndGet();
                return cache.admit(c.key(), target);
            }
            delete(target);
            if (attempt == 1) {
                LOG.warn(
                        "Chunk s3://{}/{} has {} {} but its manifest entry says {}: downloading it once more",
                        remote.bucket(),
                        c.key(),
                        c.checksumAlgorithm(),
                        actual,
                        c.checksum());
            }
        }
        stats.checksumMismatches.incrementAndGet();
        throw new ChecksumMismatchException(
                "Chunk s3://" + remote.bucket() + "/" + c.key() + " (offsets " + c.startOffset() + "-" + c.endOffset()
                        + " of " + c.topic() + "-" + c.partition() + ") has " + c.checksumAlgorithm() + " " + actual
                        + " but its manifest entry says " + c.checksum()
                        + ": the object was changed or damaged after the sink wrote it. None of its records was"
                        + " restored. Restore it from a copy (versioned bucket, replica), or set"
                        + " restore.checksum.mismatch=skip to restore the other chunks without it.",
                c);
    }

    private void download(ChunkEntryRecord c, Path target) {
        try {
            limiter.acquire(c.bytes());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RestoreException("interrupted while waiting for the read limiter", true, e);
        }
        try {
            remote.download(c.key(), target);
        } catch (RemoteStoreException e) {
            delete(target);
            if (e.statusCode() == 404) {
                throw new RestoreException(
                        "Chunk s3://" + remote.bucket() + "/" + c.key() + " is listed in the manifest of " + c.topic()
                                + "-" + c.partition() + " but does not exist in the bucket (deleted by a lifecycle rule"
                                + " or by hand?): its offsets " + c.startOffset() + "-" + c.endOffset()
                                + " cannot be restored",
                        false,
                        e);
            }
            throw new RestoreException(e.getMessage(), e.isTransient(), e);
        } finally {
            limiter.release();
        }
    }

    /** The base64 checksum of a local file's bytes. */
    public static String checksumOf(Path file, ChecksumAlgorithm algorithm) {
        ChecksumAlgorithm.Hasher h = algorithm.newHasher();
        byte[] buf = new byte[256 * 1024];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                h.update(buf, 0, n);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return ChecksumAlgorithm.toBase64(h.digest());
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            LOG.debug("cannot delete {}", p, e);
        }
    }
}
