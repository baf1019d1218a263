/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.s3sink.connect;

import io.tidemark.connect.errors.Quietly;
import io.tidemark.s3sink.stage.ScratchJanitor;
import io.tidemark.store.CheckpointStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything one task of the sink holds while it runs, as {@link SinkTaskFactory#create} built it:
 * its checkpoint store, its claim on a scratch directory and the {@link SinkGraph} on top. Closing
 * it releases all of them, graph first; failures to close are logged, never thrown.
 */
public record SinkTaskResources(CheckpointStore store, ScratchJanitor janitor, SinkGraph graph, EphemeralRoot ephemeral)
        implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SinkTaskResources.class);

    public SinkTaskResources(CheckpointStore store, ScratchJanitor janitor, SinkGraph graph) {
        this(store, janitor, graph, null);
    }

    @Override
    public void close() {
        Quietly.close(graph, LOG, "the sink");
        Quietly.close(store, LOG, "the checkpoint store");
        Quietly.close(janitor, LOG, "the scratch directory lock");
        Quietly.close(ephemeral, LOG, "the task's temporary directory");
    }
}
