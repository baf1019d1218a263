/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.s3sink.pipeline;

import io.tidemark.stats.LatencyWindow;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the engine did, for metrics: written by the task thread and the upload pool, read by
 * reporters. Gauges of the current state (staged bytes, chunks in flight) are read from the engine.
 */
public final class SinkStats {

    /** How many recent uploads and manifest commits the latency figures cover. */
    public static final int LATENCY_WINDOW = 128;

    private final LongAdder chunksUploaded = new LongAdder();
    private final LongAdder bytesUploaded = new LongAdder();
    private final LongAdder chunksListed = new LongAdder();
    private final LongAdder rewinds = new LongAdder();
    private final LongAdder fenced = new LongAdder();
    private final LongAdder orphansDeleted = new LongAdder();
    private final LongAdder skipped = new LongAdder();
    private final LatencyWindow uploadLatency = new LatencyWindow(LATENCY_WINDOW);
    private final LatencyWindow listLatency = new LatencyWindow(LATENCY_WINDOW);

    void uploaded(long bytes, long nanos) {
        chunksUploaded.increment();
        bytesUploaded.add(bytes);
        uploadLatency.add(nanos);
    }

    void listed(long nanos) {
        chunksListed.increment();
        listLatency.add(nanos);
    }

    void rewound() {
        rewinds.increment();
    }

    void fencedOut() {
        fenced.increment();
    }

    void orphanDeleted() {
        orphansDeleted.increment();
    }

    /** Chunks verified and uploaded to S3 (listed or not yet). */
    public long chunksUploaded() {
        return chunksUploaded.sum();
    }

    /** Bytes of those chunks as uploaded (after compression). */
    public long bytesUploaded() {
        return bytesUploaded.sum();
    }

    /** Chunks listed in their partition's manifest (committed). */
    public long chunksListed() {
        return chunksListed.sum();
    }

    /** Times a partition was rewound to replay from its last listed offset after a failed chunk. */
    public long rewinds() {
        return rewinds.sum();
    }

    /** Manifest commits refused because another writer took the partition over (this task is a zombie). */
    public long fenced() {
        return fenced.sum();
    }

    /** Objects found in S3 that no manifest lists, deleted when a partition was opened. */
    void skipped() {
        skipped.increment();
    }

    /** Records consumed without being written (null values with behavior.on.null.values=ignore). */
    public long recordsSkipped() {
        return skipped.sum();
    }

    public long orphansDeleted() {
        return orphansDeleted.sum();
    }

    public double uploadLatencyAvgMillis() {
        return uploadLatency.avgMillis();
    }

    public double uploadLatencyMaxMillis() {
        return uploadLatency.maxMillis();
    }

    /** Latency of listing a chunk: the manifest commit (a conditional write) and the local catalog. */
    public double listLatencyAvgMillis() {
        return listLatency.avgMillis();
    }

    public double listLatencyMaxMillis() {
        return listLatency.maxMillis();
    }
}
