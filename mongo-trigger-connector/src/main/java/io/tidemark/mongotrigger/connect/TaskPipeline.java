/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.mongotrigger.connect;

import io.tidemark.mongotrigger.checkpoint.AcknowledgedPositions;
import io.tidemark.mongotrigger.checkpoint.CheckpointCommits;
import io.tidemark.mongotrigger.stream.ResumableStream;
import io.tidemark.mongotrigger.trigger.EventRouter;
import io.tidemark.store.CheckpointStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The objects one running task reads, routes, builds records and checkpoints with, as
 * {@link TaskPipelineFactory} wired them. Closing it closes the stream, commits the last
 * acknowledged position and closes the store, each failure logged, none stopping the others.
 *
 * @param nextSeq  the emission sequence of the first record this task hands over
 * @param snapshot the copy of existing documents still to deliver, or null
 */
record TaskPipeline(
        CheckpointStore store,
        AcknowledgedPositions acks,
        CheckpointCommits commits,
        ResumableStream stream,
        EventRouter router,
        EventRecords records,
        long nextSeq,
        SnapshotPhase snapshot) {

    private static final Logger LOG = LoggerFactory.getLogger(TaskPipeline.class);

    void close() {
        closeQuietly(snapshot, "Failure closing the copy of existing documents");
        closeQuietly(stream, "Failure closing the change stream");
        closeQuietly(commits, "Could not commit the last acknowledged position to the local store");
        closeQuietly(store, "Failure closing the checkpoint store");
    }

    /** Closes {@code part} (when it was built), logging instead of throwing. */
    static void closeQuietly(AutoCloseable part, String failure) {
        if (part == null) {
            return;
        }
        try {
            part.close();
        } catch (Exception e) {
            LOG.warn(failure, e);
        }
    }
}
