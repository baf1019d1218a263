/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.s3sink.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.s3sink.TopicPartitionId;
import io.tidemark.s3sink.manifest.ChunkEntryRecord;
import io.tidemark.s3sink.manifest.ObjectLayout;
import io.tidemark.s3sink.remote.RemoteReadLimiter;
import io.tidemark.s3sink.remote.RemoteStore;
import io.tidemark.s3sink.scan.ColdScan;
import io.tidemark.s3sink.testing.DuckDbParquet;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Exactly once for Parquet chunks: the manifests list contiguous chunks covering every offset, no
 * object is unlisted, and DuckDB, reading every listed object, finds each offset of each partition
 * once with the value produced for it ({@code <topic>-<partition>-<n> ...}).
 */
final class ParquetAudit {

    private ParquetAudit() {}

    static long verifyExactlyOnce(SinkStack s, ObjectLayout layout, String topic, Map<Integer, Long> ends, Path dir)
            throws Exception {
        List<ChunkEntryRecord> all = new ArrayList<>();
        try (RemoteStore remote = s.remote()) {
            ColdScan scan = new ColdScan(remote, layout, RemoteReadLimiter.unlimited());
            Set<String> listed = new HashSet<>();
            for (Map.Entry<Integer, Long> e : ends.entrySet()) {
                long next = 0;
                for (ChunkEntryRecord c : scan.chunks(new TopicPartitionId(topic, e.getKey()))) {
                    assertThat(c.startOffset())
                            .as("chunk %s follows the one before", c.key())
                            .isEqualTo(next);
                    assertThat(c.key()).endsWith(".parquet");
                    next = c.endOffset() + 1;
                    all.add(c);
                    listed.add(c.key());
                }
                assertThat(next).as("manifest of partition %d", e.getKey()).isEqualTo(e.getValue());
            }
            List<String> unlisted = new ArrayList<>();
            remote.list(layout.prefix() + topic + "/", null, o -> {
                if (!listed.contains(o.key())) {
                    unlisted.add(o.key());
                }
            });
            assertThat(unlisted).as("objects no manifest lists").isEmpty();
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<?>> downloads = new ArrayList<>();
                int i = 0;
                for (ChunkEntryRecord c : all) {
                    Path target = dir.resolve("chunk-" + i++ + ".parquet");
                    downloads.add(pool.submit(() -> remote.download(c.key(), target)));
                }
                for (Future<?> f : downloads) {
                    f.get();
                }
            } finally {
                pool.shutdownNow();
            }
        }
        try (DuckDbParquet duck = new DuckDbParquet()) {
            String files = "'" + dir.resolve("*.parquet") + "'";
            List<Map<String, Object>> bad =
                    duck.query("SELECT \"partition\", count(*) AS n, count(DISTINCT \"offset\") AS d,"
                            + " min(\"offset\") AS lo, max(\"offset\") AS hi,"
                            + " count(*) FILTER (WHERE split_part(value, ' ', 1) <> topic || '-' || \"partition\" || '-' || \"offset\")"
                            + " AS wrong FROM read_parquet(" + files + ") GROUP BY \"partition\"");
            assertThat(bad).hasSize(ends.size());
            long total = 0;
            for (Map<String, Object> r : bad) {
                int p = ((Number) r.get("partition")).intValue();
                long n = ((Number) r.get("n")).longValue();
                assertThat(r)
                        .as("partition %d", p)
                        .containsEntry("d", n)
                        .containsEntry("lo", 0L)
                        .containsEntry("hi", ends.get(p) - 1)
                        .containsEntry("wrong", 0L);
                assertThat(n).isEqualTo(ends.get(p));
                total += n;
            }
            System.out.println("[audit] " + topic + ": " + total + " records in " + all.size()
                    + " Parquet chunks read back by DuckDB, each offset once");
            return total;
        }
    }
}
