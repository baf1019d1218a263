/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.s3sink.connect;

import io.tidemark.connect.metrics.StoreMetrics;
import io.tidemark.connect.metrics.TaskMetrics;
import io.tidemark.s3sink.pipeline.SinkEngine;
import io.tidemark.s3sink.pipeline.SinkStats;
import io.tidemark.s3sink.remote.RetryStats;
import io.tidemark.store.CommitStats;
import java.util.Map;

/** The sink task's metrics: names and descriptions, listed in the module README. */
final class SinkMetrics {

    static final String STAGED_BYTES = "staged-bytes";
    static final String STAGE_QUOTA = "stage-quota-bytes";
    static final String PAUSED = "paused-for-quota";
    static final String PARTITIONS = "partitions-open";
    static final String IN_FLIGHT = "chunks-in-flight";
    static final String UPLOADED = "chunks-uploaded-total";
    static final String UPLOADED_BYTES = "bytes-uploaded-total";
    static final String LISTED = "chunks-listed-total";
    static final String UPLOAD_AVG = "upload-latency-avg-ms";
    static final String UPLOAD_MAX = "upload-latency-max-ms";
    static final String LIST_AVG = "manifest-commit-latency-avg-ms";
    static final String LIST_MAX = "manifest-commit-latency-max-ms";
    static final String REWINDS = "rewinds-total";
    static final String REWINDS_IN_A_ROW = "rewinds-in-a-row-max";
    static final String FENCED = "fenced-total";
    static final String ORPHANS = "orphans-deleted-total";
    static final String SEGMENTS = "manifest-segments-written-total";
    static final String NULL_VALUES_IGNORED = "null-values-ignored-total";
    static final String S3_RETRIES = "s3-retries-total";

    private SinkMetrics() {}

    static TaskMetrics register(
            TaskMetrics m,
            SinkEngine engine,
            RetryStats retries,
            CommitStats store,
            java.util.function.BooleanSupplier paused) {
        SinkStats s = engine.stats();
        for (RetryStats.Cause cause : RetryStats.Cause.values()) {
            m.gauge(
                    S3_RETRIES,
                    "S3 calls retried after a transient failure, by cause: throttled (429, SlowDown), server-error"
                            + " (other 5xx), timeout, connection (no answer), integrity (the store refused the body's"
                            + " checksum), clock-skew, conflict (409).",
                    Map.of("cause", cause.tag()),
                    () -> retries.retries(cause));
        }
        m.gauge(STAGED_BYTES, "Bytes staged on local disk and not yet uploaded.", engine::stagedBytes)
                .gauge(
                        STAGE_QUOTA,
                        "The staging quota (stage.quota.bytes); the task pauses consumption at it.",
                        engine::stagingQuotaBytes)
                .gauge(
                        PAUSED,
                        "1 while consumption is paused because staging reached its quota, else 0.",
                        () -> paused.getAsBoolean() ? 1 : 0)
                .gauge(PARTITIONS, "Kafka partitions this task writes.", () -> engine.openPartitions()
                        .size())
                .gauge(
                        IN_FLIGHT,
                        "Sealed chunks being uploaded or waiting to be listed in their manifest.",
                        engine::chunksInFlight)
                .gauge(UPLOADED, "Chunks uploaded to S3.", s::chunksUploaded)
                .gauge(
                        UPLOADED_BYTES,
                        "Bytes uploaded to S3 (after compression); rate() gives the upload throughput.",
                        s::bytesUploaded)
                .gauge(LISTED, "Chunks listed in their partition's manifest: what S3 holds for good.", s::chunksListed)
                .gauge(
                        UPLOAD_AVG,
                        "Mean upload latency of the last " + SinkStats.LATENCY_WINDOW + " chunks (verify and upload).",
                        s::uploadLatencyAvgMillis)
                .gauge(
                        UPLOAD_MAX,
                        "Highest upload latency of the last " + SinkStats.LATENCY_WINDOW + " chunks.",
                        s::uploadLatencyMaxMillis)
                .gauge(
                        LIST_AVG,
                        "Mean latency of listing a chunk (the conditional manifest write) over the last "
                                + SinkStats.LATENCY_WINDOW + ".",
                        s::listLatencyAvgMillis)
                .gauge(
                        LIST_MAX,
                        "Highest latency of listing a chunk over the last " + SinkStats.LATENCY_WINDOW + ".",
                        s::listLatencyMaxMillis)
                .gauge(
                        REWINDS,
                        "Times a partition replayed from its last listed offset after a chunk failed (S3 errors, corrupt staging).",
                        s::rewinds)
                .gauge(
                        REWINDS_IN_A_ROW,
                        "The most chunks in a row any partition failed to write; the task fails above "
                                + SinkEngine.DEFAULT_MAX_CONSECUTIVE_REWINDS + ".",
                        engine::maxConsecutiveRewinds)
                .gauge(FENCED, "Manifest writes refused because another task took the partition over.", s::fenced)
                .gauge(ORPHANS, "Objects no manifest lists, deleted when a partition was opened.", s::orphansDeleted)
                .gauge(
                        SEGMENTS,
                        "Manifest segments written: older chunk entries moved out of a manifest head.",
                        engine::segmentsWritten)
                .gauge(
                        NULL_VALUES_IGNORED,
                        "Records with a null value (tombstones) consumed without being written"
                                + " (behavior.on.null.values=ignore).",
                        s::recordsSkipped);
        return StoreMetrics.register(m, store);
    }
}
