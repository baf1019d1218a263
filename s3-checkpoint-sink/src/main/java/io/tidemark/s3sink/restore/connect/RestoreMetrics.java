/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.s3sink.restore.connect;

import io.tidemark.connect.metrics.TaskMetrics;
import io.tidemark.s3sink.restore.HotCache;
import io.tidemark.s3sink.restore.RestoreStats;

/** The restore task's metrics. */
final class RestoreMetrics {

    private RestoreMetrics() {}

    static TaskMetrics register(TaskMetrics m, RestoreStats s, HotCache cache) {
        return m.gauge("chunks-verified-total", "Chunks whose bytes matched their manifest entry", s::chunksVerified)
                .gauge(
                        "checksum-mismatches-total",
                        "Chunks whose bytes did not match their manifest entry (after a second download)",
                        s::checksumMismatches)
                .gauge(
                        "chunks-skipped-total",
                        "Chunks left out after a mismatch (restore.checksum.mismatch=skip)",
                        s::chunksSkipped)
                .gauge("records-restored-total", "Records handed to Connect for replay", s::recordsRestored)
                .gauge("bytes-downloaded-total", "Bytes of chunks downloaded from S3", s::bytesDownloaded)
                .gauge("cache-hits-total", "Chunks found in the hot cache and not downloaded again", s::cacheHits)
                .gauge("cache-bytes", "Bytes in the hot cache", cache::usedBytes)
                .gauge("cache-evictions-total", "Chunks evicted from the hot cache", cache::evictions);
    }
}
