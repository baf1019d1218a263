/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.s3sink.restore;

import java.util.concurrent.atomic.AtomicLong;

/** Counters of a restore (read by metrics reporters on other threads). */
public final class RestoreStats {

    final AtomicLong chunksVerified = new AtomicLong();
    final AtomicLong checksumMismatches = new AtomicLong();
    final AtomicLong chunksSkipped = new AtomicLong();
    final AtomicLong recordsRestored = new AtomicLong();
    final AtomicLong bytesDownloaded = new AtomicLong();
    final AtomicLong cacheHits = new AtomicLong();

    /** Chunks whose bytes matched their manifest entry's checksum (downloaded or found in the cache). */
    public long chunksVerified() {
        return chunksVerified.get();
    }

    /** Chunks whose bytes did not match their manifest entry, after one download again. */
    public long checksumMismatches() {
        return checksumMismatches.get();
    }

    /** Chunks left out because of a checksum mismatch (restore.checksum.mismatch=skip). */
    public long chunksSkipped() {
        return chunksSkipped.get();
    }

    /** Records handed out for replay. */
    public long recordsRestored() {
        return recordsRestored.get();
    }

    public void recordsRestored(long n) {
        recordsRestored.addAndGet(n);
    }

    /** Bytes of chunk objects downloaded from S3. */
    public long bytesDownloaded() {
        return bytesDownloaded.get();
    }

    /** Chunks found, verified, in the local hot cache (not downloaded again). */
    public long cacheHits() {
        return cacheHits.get();
    }
}
