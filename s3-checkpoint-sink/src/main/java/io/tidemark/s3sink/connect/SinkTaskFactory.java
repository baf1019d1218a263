/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.s3sink.connect;

import io.tidemark.concurrent.LogContextThreads;
import io.tidemark.connect.config.CheckpointStoreFragment;
import io.tidemark.connect.config.StoreAddress;
import io.tidemark.connect.errors.Quietly;
import io.tidemark.s3sink.format.ChunkTranscoder;
import io.tidemark.s3sink.format.Compression;
import io.tidemark.s3sink.manifest.ManifestWriter;
import io.tidemark.s3sink.manifest.ObjectLayout;
import io.tidemark.s3sink.manifest.TruncateAppendOnly;
import io.tidemark.s3sink.pipeline.SinkEngine;
import io.tidemark.s3sink.remote.ChecksumAlgorithm;
import io.tidemark.s3sink.remote.ConditionalWriteProbe;
import io.tidemark.s3sink.remote.RemoteStore;
import io.tidemark.s3sink.rotation.RotationPlanner;
import io.tidemark.s3sink.rotation.RotationPolicy;
import io.tidemark.s3sink.stage.LocalStore;
import io.tidemark.s3sink.stage.ScratchJanitor;
import io.tidemark.s3sink.upload.ChunkUploader;
import io.tidemark.store.CheckpointStore;
import io.tidemark.store.CorruptRecordPolicy;
import io.tidemark.store.lmdb.LmdbCheckpointStore;
import io.tidemark.store.lmdb.StoreLockedException;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that wires the sink: from a task's configuration and identity to the checkpoint
 * store, the scratch directory, the S3 client, the manifests, the uploader, its threads and the
 * {@link SinkEngine}. The task only asks for them ({@link #create}); the engine tests build their
 * graph through {@link #assemble} with their own inputs, so they run the production wiring. The
 * numbers that are not settings are named where they act: {@link SinkEngine#DEFAULT_MAX_CONSECUTIVE_REWINDS},
 * {@link ManifestWriter#segmentReadLimiter()}, {@link #STAGED_INTEGRITY}.
 */
public final class SinkTaskFactory {

    private static final Logger LOG = LoggerFactory.getLogger(SinkTaskFactory.class);

    /** The version of this connector's checkpoint store layout. */
    static final int SCHEME_VERSION = 1;
    /** The plugin part of this connector's store owner, {@code <plugin>/<connector>}. */
    static final String PLUGIN = "s3-checkpoint-sink";

    /** The integrity check of staged chunk files between staging and upload. */
    public static final ChecksumAlgorithm STAGED_INTEGRITY = ChecksumAlgorithm.CRC32C;

    /**
     * How long a task waits for its local store while another copy of this plugin inside the same
     * worker holds it (the closing task of another plugin version), before it fails.
     */
    static final Duration IN_JVM_LOCK_WAIT = Duration.ofSeconds(30);

    private static final Duration IN_JVM_LOCK_POLL = Duration.ofMillis(200);

    private SinkTaskFactory() {}

    /**
     * What {@link #assemble} needs besides the store, the scratch directory and the S3 client.
     *
     * @param owner names this writer in the manifests (a fenced writer's message names its successor)
     * @param uploadThreads size of the upload pool; its threads are named after {@code threadName}
     * @param transcoder writes each sealed chunk's object from its staged file (Parquet); null: the
     *     staged bytes, compressed as configured
     */
    public record GraphOptions(
            ObjectLayout layout,
            String owner,
            int changeLogRetain,
            CorruptRecordPolicy corruptPolicy,
            int segmentMaxEntries,
            Compression compression,
            int compressionLevel,
            ChecksumAlgorithm objectChecksum,
            RotationPolicy rotation,
            SinkEngine.Settings engine,
            int uploadThreads,
            String threadName,
            ChunkTranscoder transcoder) {

        /** Options whose chunks are the staged bytes, compressed as configured (every format but Parquet). */
        public GraphOptions(
                ObjectLayout layout,
                String owner,
                int changeLogRetain,
                CorruptRecordPolicy corruptPolicy,
                int segmentMaxEntries,
                Compression compression,
                int compressionLevel,
                ChecksumAlgorithm objectChecksum,
                RotationPolicy rotation,
                SinkEngine.Settings engine,
                int uploadThreads,
                String threadName) {
            this(
                    layout,
                    owner,
                    changeLogRetain,
                    corruptPolicy,
                    segmentMaxEntries,
                    compression,
                    compressionLevel,
                    objectChecksum,
                    rotation,
                    engine,
                    uploadThreads,
                    threadName,
                    null);
        }

        /** The options a task runs with. */
        public static GraphOptions of(S3CheckpointSinkConfig config, String owner, String threadName) {
            return new GraphOptions(
                    config.layout(),
                    owner,
                    config.changeLogRetain(),
                    config.checkpointStore().corruptPolicy(),
                    config.segmentMaxEntries(),
                    config.compression(),
                    config.compressionLevel(),
                    config.checksumAlgorithm(),
                    config.rotation(),
                    new SinkEngine.Settings(
                            STAGED_INTEGRITY,
                            config.orphanSweep(),
                            config.closeTimeout(),
                            SinkEngine.DEFAULT_MAX_CONSECUTIVE_REWINDS),
                    config.uploadThreads(),
                    threadName,
                    config.format().transcoder());
        }
    }

    /**
     * Opens everything task {@code taskIndex} of connector {@code connectorName} runs on. On a
     * failure, whatever was opened is closed again before the exception leaves.
     */
    public static SinkTaskResources create(S3CheckpointSinkConfig config, String connectorName, int taskIndex) {
        String taskDir = "task-" + taskIndex;
        CheckpointStore store = null;
        ScratchJanitor janitor = null;
        RemoteStore remote = null;
        EphemeralRoot ephemeral = null;
        try {
            StoreAddress address;
            if (config.ephemeralStore()) {
                ephemeral = EphemeralRoot.create(connectorName, taskIndex);
                address = new StoreAddress(
                        ephemeral.directory().resolve("store"),
                        StoreAddress.identity(PLUGIN, connectorName, SCHEME_VERSION));
                LOG.warn(ephemeralWarning(taskDir, connectorName, ephemeral.directory()));
            } else {
                address = config.checkpointStore().taskStore(PLUGIN, connectorName, taskIndex, SCHEME_VERSION);
            }
            store = openStore(config, address, IN_JVM_LOCK_WAIT);
            janitor = ScratchJanitor.claim(
                    config.scratchRoot(connectorName, ephemeral == null ? null : ephemeral.directory()), taskDir);
            janitor.cleanAtStart();
            LocalStore local =
                    new LocalStore(janitor.ownDirectory(), config.stageQuotaBytes(), config.stageBufferBytes());
            remote = new RemoteStore(config.s3Settings());
            verifyConditionalWrites(remote, config);
            String owner = connectorName + "/" + taskDir + "@" + hostName() + "/"
                    + ProcessHandle.current().pid();
            SinkGraph graph =
                    assemble(store, local, remote, GraphOptions.of(config, owner, connectorName + "-" + taskDir));
            return new SinkTaskResources(store, janitor, graph, ephemeral);
        } catch (RuntimeException e) {
            Quietly.close(remote, LOG, "the S3 client");
            Quietly.close(store, LOG, "the checkpoint store");
            Quietly.close(janitor, LOG, "the scratch directory lock");
            Quietly.close(ephemeral, LOG, "the task's temporary directory");
            throw e;
        }
    }

    /** What a task without checkpoint.store.dir logs at start: where its state lives and what that costs. */
    static String ephemeralWarning(String taskDir, String connectorName, java.nio.file.Path where) {
        return taskDir + " of " + connectorName + " runs without " + CheckpointStoreFragment.DIR_CONFIG
                + ": its local store (a cache of the S3 manifests) and scratch files are in " + where
                + ", deleted when the task stops. Nothing is lost or duplicated in S3, but every start reads each"
                + " partition's manifest head from S3, and records staged but not uploaded when the task stops or"
                + " its worker dies are consumed again from Kafka. Set " + CheckpointStoreFragment.DIR_CONFIG
                + " to a directory on durable local disk to keep them";
    }

    /** The graph on top of a store, a scratch directory and an S3 client. */
    public static SinkGraph assemble(CheckpointStore store, LocalStore local, RemoteStore remote, GraphOptions o) {
        ManifestWriter manifests = new ManifestWriter(
                store,
                remote,
                o.layout(),
                o.owner(),
                new TruncateAppendOnly(o.changeLogRetain()),
                o.corruptPolicy(),
                o.segmentMaxEntries(),
                ManifestWriter.segmentReadLimiter());
        ChunkUploader uploader = new ChunkUploader(
                local,
                remote,
                manifests,
                o.layout(),
                o.compression(),
                o.compressionLevel(),
                o.objectChecksum(),
                o.transcoder());
        ExecutorService pool = Executors.newFixedThreadPool(o.uploadThreads(), uploadThreads(o.threadName()));
        SinkEngine engine =
                new SinkEngine(o.engine(), local, new RotationPlanner(o.rotation()), uploader, manifests, remote, pool);
        return new SinkGraph(local, remote, manifests, uploader, pool, engine);
    }

    /**
     * Opens the task's local store. The store is the task's durability boundary for its manifest
     * state, so there is no fallback: a directory held by another process fails the task, naming the
     * holder. A directory held inside this JVM by another copy of the plugin (a task of another plugin
     * version still closing after an upgrade) is waited for, at most {@code inJvmLockWait}.
     */
    static CheckpointStore openStore(S3CheckpointSinkConfig config, StoreAddress address, Duration inJvmLockWait) {
        long deadline = System.nanoTime() + inJvmLockWait.toNanos();
        boolean logged = false;
        while (true) {
            try {
                return config.checkpointStore().open(LmdbCheckpointStore.opener(), address);
            } catch (StoreLockedException e) {
                if (!e.heldInThisJvm()) {
                    throw new ConnectException(
                            "the local store " + address.directory() + " is held by another process (" + e.holder()
                                    + "). Two Connect workers on one host must not share "
                                    + CheckpointStoreFragment.DIR_CONFIG + ": give each worker its own (for example"
                                    + " with a config provider that each worker resolves to its own directory), or"
                                    + " stop the other process. A new, empty directory loses nothing: the S3"
                                    + " manifests are the truth and the task reads them on open.",
                            e);
                }
                if (System.nanoTime() - deadline >= 0) {
                    throw new ConnectException(
                            "the local store " + address.directory() + " is still held inside this worker ("
                                    + e.holder()
                                    + ") after " + inJvmLockWait.toSeconds() + " s. Another copy of this plugin"
                                    + " (another version or installation in plugin.path) runs a task on the same"
                                    + " directory: stop it, or remove the duplicate plugin and restart the task.",
                            e);
                }
                if (!logged) {
                    LOG.info(
                            "Local store {} is held inside this worker ({}), probably by a task of another copy"
                                    + " of this plugin that is still closing; waiting up to {} s",
                            address.directory(),
                            e.holder(),
                            inJvmLockWait.toSeconds());
                    logged = true;
                }
                sleep(IN_JVM_LOCK_POLL);
            }
        }
    }

    /**
     * The manifest fencing of zombie tasks rests on conditional writes: probe them at every start (the
     * store behind an endpoint can change after validate), and fail unless a store that ignores them is
     * accepted by {@code s3.conditional.writes.unverified.accept}.
     */
    static void verifyConditionalWrites(RemoteStore remote, S3CheckpointSinkConfig config) {
        ConditionalWriteProbe.Result probe = ConditionalWriteProbe.run(
                remote, S3ConnectivityCheck.probeKey(config.getString(S3CheckpointSinkConfig.PREFIX_CONFIG)));
        if (probe.honoured()) {
            return;
        }
        String where = S3ConnectivityCheck.where(remote.settings());
        if (config.acceptUnverifiedConditionalWrites()) {
            LOG.warn(S3ConnectivityCheck.unfencedWarning(where, probe));
            return;
        }
        throw new ConnectException(S3ConnectivityCheck.conditionalWritesIgnored(where, probe));
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectException("interrupted while waiting for the local store", e);
        }
    }

    private static ThreadFactory uploadThreads(String name) {
        return LogContextThreads.pool("s3-sink-" + name + "-upload");
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "unknown-host";
        }
    }
}
