/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.s3sink.testing;

import com.fasterxml.jackson.databind.node.TextNode;
import io.tidemark.s3sink.TopicPartitionId;
import io.tidemark.s3sink.connect.SinkGraph;
import io.tidemark.s3sink.connect.SinkTaskFactory;
import io.tidemark.s3sink.format.Compression;
import io.tidemark.s3sink.format.Datum;
import io.tidemark.s3sink.format.EnvelopeRecord;
import io.tidemark.s3sink.format.JsonLinesEnvelopeFormat;
import io.tidemark.s3sink.format.RecordFormat;
import io.tidemark.s3sink.manifest.ManifestWriter;
import io.tidemark.s3sink.manifest.ObjectLayout;
import io.tidemark.s3sink.pipeline.EncodedRecord;
import io.tidemark.s3sink.pipeline.SinkEngine;
import io.tidemark.s3sink.remote.RemoteReadLimiter;
import io.tidemark.s3sink.remote.RemoteStore;
import io.tidemark.s3sink.remote.S3Settings;
import io.tidemark.s3sink.rotation.RotationPolicy;
import io.tidemark.s3sink.scan.ColdScan;
import io.tidemark.s3sink.stage.LocalStore;
import io.tidemark.s3sink.upload.ChunkUploader;
import io.tidemark.store.CheckpointStore;
import io.tidemark.store.CorruptRecordPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The sink's graph wired by {@link SinkTaskFactory#assemble}, as the task wires it, against s3proxy
 * and an in-memory or test-owned store, for engine tests.
 */
public final class EngineRig implements AutoCloseable {

    /** Fewer than production's {@link SinkEngine#DEFAULT_MAX_CONSECUTIVE_REWINDS}, so giving up is quick to test. */
    public static final int MAX_CONSECUTIVE_REWINDS = 5;

    public final RemoteStore remote;
    public final CheckpointStore store;
    public final LocalStore local;
    public final ManifestWriter manifests;
    public final ChunkUploader uploader;
    public final SinkEngine engine;
    public final ObjectLayout layout;
    public final ExecutorService pool;
    private final RecordFormat format = new JsonLinesEnvelopeFormat();

    public EngineRig(
            S3Settings s3,
            CheckpointStore store,
            Path scratch,
            String owner,
            RotationPolicy rotation,
            Compression compression,
            long quotaBytes) {
        this(s3, store, scratch, owner, rotation, compression, quotaBytes, 4096);
    }

    public EngineRig(
            S3Settings s3,
            CheckpointStore store,
            Path scratch,
            String owner,
            RotationPolicy rotation,
            Compression compression,
            long quotaBytes,
            int stageBufferBytes) {
        this(
                s3,
                store,
                scratch,
                owner,
                rotation,
                compression,
                quotaBytes,
                stageBufferBytes,
                ManifestWriter.DEFAULT_SEGMENT_MAX_ENTRIES);
    }

    public EngineRig(
            S3Settings s3,
            CheckpointStore store,
            Path scratch,
            String owner,
            RotationPolicy rotation,
            Compression compression,
            long quotaBytes,
            int stageBufferBytes,
            int segmentMaxEntries) {
        this(
                s3,
                store,
                scratch,
                owner,
                rotation,
                compression,
                quotaBytes,
                stageBufferBytes,
                segmentMaxEntries,
                ObjectLayout.DEFAULT_TEMPLATE);
    }

    /** With the key template {@code keyTemplate} (under the prefix "data"). */
    public EngineRig(
            S3Settings s3,
            CheckpointStore store,
            Path scratch,
            String owner,
            RotationPolicy rotation,
            Compression compression,
            long quotaBytes,
            int stageBufferBytes,
            int segmentMaxEntries,
            String keyTemplate) {
        this.store = store;
        this.layout = new ObjectLayout("data", keyTemplate, format.extension() + compression.extension());
        SinkGraph graph = SinkTaskFactory.assemble(
                store,
                new LocalStore(scratch, quotaBytes, stageBufferBytes),
                new RemoteStore(s3),
                new SinkTaskFactory.GraphOptions(
                        layout,
                        owner,
                        1000,
                        CorruptRecordPolicy.TREAT_AS_MISSING,
                        segmentMaxEntries,
                        compression,
                        -1,
                        s3.checksumAlgorithm(),
                        rotation,
                        new SinkEngine.Settings(
                                SinkTaskFactory.STAGED_INTEGRITY,
                                true,
                                Duration.ofSeconds(30),
                                MAX_CONSECUTIVE_REWINDS),
                        4,
                        owner));
        this.remote = graph.remote();
        this.local = graph.local();
        this.manifests = graph.manifests();
        this.uploader = graph.uploader();
        this.pool = graph.pool();
        this.engine = graph.engine();
    }

    public ColdScan coldScan() {
        return new ColdScan(remote, layout, new RemoteReadLimiter(2, 0));
    }

    /** Records [from, to) of {@code tp}, value "v<offset>", timestamp 1000*offset. */
    public List<EncodedRecord> records(TopicPartitionId tp, long from, long to) {
        List<EncodedRecord> out = new ArrayList<>();
        for (long o = from; o < to; o++) {
            EnvelopeRecord r = new EnvelopeRecord(
                    tp.topic(),
                    tp.partition(),
                    o,
                    1000 * o,
                    "CreateTime",
                    Datum.NULL,
                    Datum.ofJson(TextNode.valueOf("v" + o)),
                    List.of());
            out.add(new EncodedRecord(tp, o, 1000 * o, format.encode(r)));
        }
        return out;
    }

    public List<String> keys(String prefix) {
        List<String> keys = new ArrayList<>();
        remote.list(prefix, null, o -> keys.add(o.key()));
        return keys;
    }

    /**
     * Simulates a crash: abandons everything without closing partitions, and waits until the upload
     * threads stopped (a killed process runs no thread on: an upload finishing after the next owner
     * opened would be a different scenario, a fenced zombie).
     */
    public void crash() {
        pool.shutdownNow();
        remote.close();
        try {
            if (!pool.awaitTermination(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the upload threads of the crashed engine did not stop within 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for the crashed engine's threads", e);
        }
    }

    @Override
    public void close() {
        engine.close();
        pool.shutdownNow();
        remote.close();
    }
}
