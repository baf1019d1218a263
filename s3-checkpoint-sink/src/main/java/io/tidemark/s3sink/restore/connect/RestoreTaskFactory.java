/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.s3sink.restore.connect;

import io.tidemark.connect.config.CheckpointStoreFragment;
import io.tidemark.connect.config.StoreAddress;
import io.tidemark.connect.offsets.MirrorOptions;
import io.tidemark.connect.offsets.OffsetMirror;
import io.tidemark.connect.offsets.Resolution;
import io.tidemark.s3sink.TopicPartitionId;
import io.tidemark.s3sink.remote.RemoteStore;
import io.tidemark.s3sink.restore.HotCache;
import io.tidemark.s3sink.restore.RestoreEngine;
import io.tidemark.s3sink.restore.RestoreStats;
import io.tidemark.store.CheckpointStore;
import io.tidemark.store.lmdb.LmdbCheckpointStore;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds what one restore task runs on: the local checkpoint store and offset mirror, the S3
 * client, the read limiter, the hot cache and the engine, each assigned partition starting where
 * the mirror and Connect's offsets (reconciled) say. The task only calls {@link #open}.
 */
final class RestoreTaskFactory {

    private static final Logger LOG = LoggerFactory.getLogger(RestoreTaskFactory.class);

    static final String PLUGIN = "tidemark-s3-restore-source";
    /** Version of the offset scheme: bump when the meaning of the stored positions changes. */
    static final int SCHEME = 1;

    /** A started task's objects; closing closes them all. */
    record RestoreTaskResources(
            CheckpointStore store,
            OffsetMirror mirror,
            RemoteStore remote,
            HotCache cache,
            RestoreEngine engine,
            RestoreStats stats,
            Map<TopicPartitionId, Resolution> starts)
            implements AutoCloseable {
        @Override
        public void close() {
            try {
                engine.close();
            } finally {
                try {
                    remote.close();
                } finally {
                    try {
                        mirror.close();
                    } finally {
                        store.close();
                    }
                }
            }
        }
    }

    private RestoreTaskFactory() {}

    static StoreAddress storeAddress(CheckpointStoreFragment settings, String connectorName) {
        return settings.connectorStore(PLUGIN, connectorName, SCHEME);
    }

    static CheckpointStore openStore(RestoreSourceConfig config, String connectorName) {
        CheckpointStoreFragment settings = config.checkpointStore();
        return settings.open(LmdbCheckpointStore.opener(), storeAddress(settings, connectorName));
    }

    /**
     * @param connectOffsets Connect's offset of a source partition (null when none)
     */
    static RestoreTaskResources open(
            RestoreSourceConfig config,
            String connectorName,
            int taskIndex,
            Function<Map<String, Object>, Map<String, Object>> connectOffsets,
            LongSupplier clock) {
        CheckpointStore store = openStore(config, connectorName);
        OffsetMirror mirror = null;
        RemoteStore remote = null;
        try {
            mirror = OffsetMirror.open(store, MirrorOptions.from(config.checkpointStore()));
            remote = new RemoteStore(config.s3Settings());
            HotCache cache = new HotCache(config.cacheDir(connectorName, taskIndex), config.cacheBytes());
            RestoreStats stats = new RestoreStats();
            RestoreEngine engine = new RestoreEngine(
                    remote,
                    config.layout(),
                    config.readLimiter(),
                    cache,
                    config.range(),
                    config.mismatchPolicy(),
                    stats,
                    clock);
            Map<TopicPartitionId, Resolution> starts = new LinkedHashMap<>();
            for (TopicPartitionId tp : config.assigned()) {
                Map<String, Object> partition = RestoreOffsets.partition(tp);
                Resolution r = mirror.resolve(partition, connectOffsets.apply(partition));
                long next = r.offset().map(RestoreOffsets::nextOffset).orElse(-1L);
                if (r.offset().isPresent() && next < 0) {
                    throw new IllegalArgumentException("the stored offset of " + tp + " (" + r.source() + ") is "
                            + r.offset().get() + ": "
                            + RestoreOffsets.problem(partition, r.offset().get())
                            + ". Fix or reset it with PATCH/DELETE /connectors/" + connectorName
                            + "/offsets (stop the connector first).");
                }
                starts.put(tp, r);
                engine.add(tp, Math.max(0, next));
                LOG.info(
                        "Restore of {} to {}-{} starts at original offset {} ({})",
                        tp,
                        config.targetTopic(tp.topic()),
                        config.targetPartition(tp.partition()),
                        Math.max(next, config.range().fromOffset()),
                        r.source());
            }
            return new RestoreTaskResources(store, mirror, remote, cache, engine, stats, starts);
        } catch (RuntimeException e) {
            if (remote != null) {
                remote.close();
            }
            if (mirror != null) {
                mirror.close();
            }
            store.close();
            throw e;
        }
    }
}
