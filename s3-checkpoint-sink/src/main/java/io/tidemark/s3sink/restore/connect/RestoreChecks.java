/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.s3sink.restore.connect;

import io.tidemark.s3sink.TopicPartitionId;
import io.tidemark.s3sink.connect.S3CheckpointSinkConfig;
import io.tidemark.s3sink.manifest.ChunkEntryRecord;
import io.tidemark.s3sink.manifest.ManifestReader;
import io.tidemark.s3sink.manifest.PartitionManifest;
import io.tidemark.s3sink.remote.RemoteReadLimiter;
import io.tidemark.s3sink.remote.RemoteStore;
import io.tidemark.s3sink.remote.RemoteStoreException;
import io.tidemark.s3sink.restore.ChunkReader;
import io.tidemark.s3sink.restore.PartitionCatalog;
import io.tidemark.s3sink.restore.RestoreException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What validate() and start() check before a restore runs. */
final class RestoreChecks {

    static final String BYTES_CONVERTER = "org.apache.kafka.connect.converters.ByteArrayConverter";
    static final List<String> CONVERTERS = List.of("key.converter", "value.converter", "header.converter");

    private RestoreChecks() {}

    /**
     * The restore hands Connect the original bytes; any converter but ByteArrayConverter would
     * change them (JsonConverter, for one, would write them as base64 strings).
     */
    static Map<String, List<String>> converterProblems(Map<String, String> props) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String c : CONVERTERS) {
            String v = props.get(c);
            if (v == null || !BYTES_CONVERTER.equals(v.strip())) {
                out.put(c, List.of(message(c, v)));
            }
        }
        return out;
    }

    /** As {@link #converterProblems}, attached to {@code setting} (the converters are the worker's settings). */
    static Map<String, List<String>> converterProblemsOn(String setting, Map<String, String> props) {
        List<String> messages = new ArrayList<>();
        converterProblems(props).values().forEach(messages::addAll);
        return messages.isEmpty() ? Map.of() : Map.of(setting, messages);
    }

    private static String message(String converter, String value) {
        return "set " + converter + "=" + BYTES_CONVERTER + " in this connector's config (now "
                + (value == null ? "unset, so the worker's default applies" : value)
                + "): the restore replays the original bytes of keys, values and headers, which any other converter"
                + " would change";
    }

    /** The topic partitions to restore: every one with a manifest, narrowed by restore.partitions. */
    static List<TopicPartitionId> partitionsToRestore(RestoreSourceConfig config, RemoteStore remote) {
        List<Integer> only = config.partitions();
        List<TopicPartitionId> out = new ArrayList<>();
        for (String topic : config.topics()) {
            for (TopicPartitionId tp : PartitionCatalog.partitions(remote, config.layout(), topic)) {
                if (only.isEmpty() || only.contains(tp.partition())) {
                    out.add(tp);
                }
            }
        }
        return out;
    }

    /** The bucket is reachable, every topic has manifests, and their chunks are in the JSON envelope format. */
    static Map<String, List<String>> bucketProblems(RestoreSourceConfig config) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        try (RemoteStore remote = new RemoteStore(config.s3Settings())) {
            List<String> problems = new ArrayList<>();
            ManifestReader reader = new ManifestReader(remote, config.layout(), RemoteReadLimiter.unlimited());
            List<Integer> only = config.partitions();
            for (String topic : config.topics()) {
                List<TopicPartitionId> tps = PartitionCatalog.partitions(remote, config.layout(), topic);
                List<TopicPartitionId> chosen = tps.stream()
                        .filter(tp -> only.isEmpty() || only.contains(tp.partition()))
                        .toList();
                if (chosen.isEmpty()) {
                    problems.add("no manifest of topic '" + topic + "'"
                            + (only.isEmpty() ? "" : " for partitions " + only) + " under s3://" + remote.bucket() + "/"
                            + config.layout().manifestPrefix() + topic + "/ (partitions with a manifest: "
                            + tps.stream().map(TopicPartitionId::partition).toList()
                            + "): check the topic name, s3.bucket.name and s3.prefix (they must be the sink's)");
                    continue;
                }
                PartitionManifest head = reader.head(chosen.get(0)).orElse(null);
                ChunkEntryRecord last = head == null ? null : head.last();
                if (last != null) {
                    try {
                        ChunkReader.requireEnvelope(last);
                    } catch (RestoreException e) {
                        problems.add(e.getMessage());
                    }
                }
            }
            if (!problems.isEmpty()) {
                out.put(RestoreSourceConfig.TOPICS_CONFIG, problems);
            }
        } catch (RemoteStoreException e) {
            out.put(
                    S3CheckpointSinkConfig.BUCKET_CONFIG,
                    List.of("cannot read the bucket's manifests: " + e.getMessage()
                            + " (check s3.bucket.name, s3.endpoint, s3.region and the credentials; the restore needs"
                            + " s3:ListBucket and s3:GetObject)"));
        }
        return out;
    }
}
