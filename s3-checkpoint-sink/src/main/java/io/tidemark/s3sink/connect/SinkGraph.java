/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.s3sink.connect;

import io.tidemark.connect.errors.Quietly;
import io.tidemark.s3sink.manifest.ManifestWriter;
import io.tidemark.s3sink.pipeline.SinkEngine;
import io.tidemark.s3sink.remote.RemoteStore;
import io.tidemark.s3sink.stage.LocalStore;
import io.tidemark.s3sink.upload.ChunkUploader;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sink's object graph below the checkpoint store, as {@link SinkTaskFactory#assemble} wires it:
 * staging, the S3 client, the manifests, the uploader, its thread pool and the engine that drives
 * them. Closing it closes the engine, stops the upload threads and closes the S3 client; the
 * checkpoint store it was built on stays open (its owner closes it).
 */
public record SinkGraph(
        LocalStore local,
        RemoteStore remote,
        ManifestWriter manifests,
        ChunkUploader uploader,
        ExecutorService pool,
        SinkEngine engine)
        implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SinkGraph.class);

    @Override
    public void close() {
        Quietly.close(engine, LOG, "the sink engine");
        Quietly.close(pool::shutdownNow, LOG, "the upload threads");
        Quietly.close(remote, LOG, "the S3 client");
    }
}
